using Gatehouse.Runtime;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>
/// The place of one vendor device in a secure device type, keyed <c>{dtid}/{vdid}</c>: which
/// registration request is current and which device, if any, is registered for it. It makes
/// vdid unique per type (409 when a registered device holds it) and revokes the older pending
/// request when the device starts a new one.
/// </summary>
public interface ISecureDeviceSlotGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a request for the device presenting <paramref name="certificate"/> (DER). The type
    /// must exist (404), be secure and trust the certificate (403); 409 when a device is registered.
    /// </summary>
    Task<StartedSecureRegistration> StartAsync(byte[] certificate, string? sourceAddress);

    /// <summary>
    /// Silo-internal, from the completing request: claims the slot for <paramref name="deviceId"/>.
    /// False when <paramref name="rid"/> is no longer the current request or a device holds the slot.
    /// </summary>
    Task<bool> ClaimAsync(string rid, string deviceId);

    /// <summary>Silo-internal: the claim did not end in a device (its creation failed); the request may be completed again.</summary>
    Task ReleaseAsync(string rid, string deviceId);
}
