using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device (EVRYTHNG Thng, WoTKit sensor, RFCx guardian, ARTIK device), keyed by its 32-hex-digit
/// id. It decides who may read and change it: its owner, operators of its account with the right
/// role, system administrators, and the device itself.
/// </summary>
public interface IDeviceGrain : ISubjectGrain
{
    /// <summary>Silo-internal: whether the device exists (for the handle index).</summary>
    [AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>Needs <c>devices:create</c>.</summary>
    Task<DeviceView> CreateAsync(Caller caller, NewDevice device);

    /// <summary>Silo-internal: a redeemed registration token creates a guardian owned by the token's creator.</summary>
    Task<DeviceView> InitializeAsync(NewDevice device, string ownerId, string? accountId, string createdBy);

    /// <summary>Public devices: anyone, anonymous callers too. Private: the owner, users it is shared with, operators of its account, administrators, the device itself.</summary>
    [ReadOnly]
    Task<DeviceView> GetAsync(Caller caller);

    /// <summary>The owner, users it is shared with for writing, operators with <c>devices:write</c>, administrators.</summary>
    Task<DeviceView> UpdateAsync(Caller caller, DeviceUpdate update);

    /// <summary>Shares with a user, or changes or removes (null) their access. The owner and administrators.</summary>
    Task<DeviceView> ShareAsync(Caller caller, string userId, DeviceAccess? access);

    /// <summary>Hands the device to another user. The owner and administrators; sharing is cleared.</summary>
    Task<DeviceView> TransferAsync(Caller caller, string newOwnerId);

    /// <summary>Deletes the device and revokes its keys. The owner, operators with <c>devices:delete</c>, administrators.</summary>
    Task DeleteAsync(Caller caller);

    /// <summary>Issues a device access token (RFCx guardian token, ARTIK device token). Owner or administrators.</summary>
    Task<IssuedToken> IssueTokenAsync(Caller caller, TimeSpan? lifetime);

    /// <summary>Creates a device API key (EVRYTHNG device key). Owner or administrators.</summary>
    Task<CreatedApiKey> CreateKeyAsync(Caller caller, ApiKeySpec spec);

    [ReadOnly]
    Task<ImmutableArray<ApiKeyView>> ListKeysAsync(Caller caller);

    /// <summary>
    /// Silo-internal: whether <paramref name="caller"/> may manage this device's credentials (see
    /// and revoke its tokens and keys): its owner, operators of its account with <c>devices:write</c>,
    /// system administrators. Token and key grains ask, because ownership lives here and can change.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> CanManageCredentialsAsync(Caller caller);
}
