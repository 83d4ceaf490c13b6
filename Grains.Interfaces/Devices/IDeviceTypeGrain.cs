using System.Collections.Immutable;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A device type (ARTIK's dtid: <c>dt</c> and 32 hex digits): a named set of typed fields that
/// devices of the type take. It decides who may see, use, change and delete it: its owner and
/// system administrators manage it; a public type may be read and used by anyone authenticated.
/// <para>
/// Deleting a type leaves its devices alone: they keep their <c>typeId</c> (which then names no
/// type) and their own copy of the fields, so their data stays valid; no new device may name it.
/// </para>
/// </summary>
public interface IDeviceTypeGrain : IGrainWithStringKey
{
    /// <summary>The grain key must be <c>dt</c> and 32 lowercase hex digits. Needs <c>devices:create</c>; the owner is the caller.</summary>
    Task<DeviceTypeView> CreateAsync(Caller caller, NewDeviceType type);

    /// <summary>Public types: anyone. Private: the owner, operators of the owner's account with <c>devices:read</c>, administrators.</summary>
    [ReadOnly]
    Task<DeviceTypeView> GetAsync(Caller caller);

    /// <summary>The owner with <c>devices:write</c>, administrators. Devices already created keep the fields they took.</summary>
    Task<DeviceTypeView> UpdateAsync(Caller caller, DeviceTypeUpdate update);

    /// <summary>The owner with <c>devices:delete</c>, administrators.</summary>
    Task DeleteAsync(Caller caller);

    /// <summary>
    /// Silo-internal, for a device being created with this type: the type's fields, if
    /// <paramref name="caller"/> may use it (public types: any authenticated caller; private: the
    /// owner, operators of its account with <c>devices:create</c>, administrators). 404 when it does not exist.
    /// </summary>
    [ReadOnly]
    Task<DeviceTypeView> UseAsync(Caller caller);

    /// <summary>
    /// Makes the type secure (ARTIK secure device registration) by trusting the vendor's CA or
    /// client certificates, PEM; an empty list makes it an ordinary type again. The owner with
    /// <c>devices:write</c>, administrators. Private keys are refused. Audited.
    /// </summary>
    Task<DeviceTypeView> SetTrustAsync(Caller caller, ImmutableArray<string> certificatesPem);

    /// <summary>
    /// Silo-internal, for a secure registration: the type, when it is secure and
    /// <paramref name="certificate"/> (DER) is one of its trusted certificates or chains to one
    /// at the injected clock's now (client-authentication use, no revocation lists). 404 when the type
    /// does not exist; 403 when it is not secure or does not trust the certificate.
    /// </summary>
    [ReadOnly]
    Task<DeviceTypeView> TrustDeviceCertificateAsync(byte[] certificate);
}
