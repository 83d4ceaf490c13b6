using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Messages;
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

    /// <summary>
    /// Silo-internal: a completed secure registration creates the device owned by the user who
    /// confirmed it, bound to its client certificate (<paramref name="certificateThumbprint"/>, SHA-256),
    /// and issues its first device token. From then on the device's credentials work only with that certificate.
    /// </summary>
    Task<SecureDeviceCreated> InitializeSecureAsync(NewDevice device, string ownerId, string? accountId, string createdBy, string certificateThumbprint);

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
    /// Publishes a message for this device and answers once it is durable. Allowed: the device
    /// itself, its owner, users it is shared with for writing, operators of its account with
    /// <c>messages:publish</c>, system administrators; the caller needs <c>messages:publish</c>.
    /// The payload is checked against the device's typed fields (<see cref="MessagePayloadRules"/>).
    /// Read-only for the runtime: publishes interleave with each other, so one device's
    /// concurrent messages share a store commit, but never with a change to the device.
    /// </summary>
    [ReadOnly]
    Task<PublishedMessage> PublishAsync(Caller caller, NewMessage message);

    /// <summary>A page of the device's messages. Readers of the device (anyone for a public device) with <c>messages:read</c>.</summary>
    [ReadOnly]
    Task<MessagePage> ReadMessagesAsync(Caller caller, MessageRange range);

    /// <summary>The latest value of every field (IoT Open's current values). Readers with <c>messages:read</c>.</summary>
    [ReadOnly]
    Task<ImmutableArray<FieldValue>> GetLatestValuesAsync(Caller caller);

    /// <summary>Min, max, avg and count per field and interval. Readers with <c>messages:read</c>.</summary>
    [ReadOnly]
    Task<ImmutableArray<SeriesBucket>> GetSeriesAsync(Caller caller, SeriesQuery query);

    /// <summary>
    /// Subscribes <paramref name="observer"/> to the device's messages, or renews its subscription;
    /// returns how long it lasts unless renewed. Readers with <c>messages:read</c>. The caller is
    /// kept with the subscription and checked again at every message: when it may no longer
    /// read the device (sharing withdrawn, transfer, deletion), the feed is ended.
    /// </summary>
    Task<TimeSpan> SubscribeAsync(Caller caller, IDeviceMessageObserver observer);

    Task UnsubscribeAsync(IDeviceMessageObserver observer);

    /// <summary>
    /// Registers a device channel (ARTIK <c>/v1.1/websocket</c>) for this device, or renews the
    /// registration; returns how long it lasts unless renewed. Only callers who may publish for
    /// the device may register. The caller is kept and checked again when sharing, owner or
    /// visibility change; the channel is told when the registration ends, and when the device is deleted.
    /// </summary>
    Task<TimeSpan> OpenChannelAsync(Caller caller, IDeviceChannelObserver observer);

    Task CloseChannelAsync(IDeviceChannelObserver observer);

    /// <summary>
    /// Silo-internal: whether <paramref name="caller"/> may manage this device's credentials (see
    /// and revoke its tokens and keys): its owner, operators of its account with <c>devices:write</c>,
    /// system administrators. Token and key grains ask, because ownership lives here and can change.
    /// </summary>
    [AlwaysInterleave]
    Task<bool> CanManageCredentialsAsync(Caller caller);
}
