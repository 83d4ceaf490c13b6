using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>
/// One ARTIK secure registration request, keyed by its rid (32 hex digits). It holds the
/// certificate the device started with, the PIN and nonce as SHA-256 digests, and the status. It
/// decides every step: the device sees its status and completes with the same certificate and the
/// nonce; the user confirms with the PIN and the certificate serial's last 4 digits (attempts
/// limited). Expiry is read from the injected clock at every call.
/// </summary>
public interface ISecureRegistrationGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal, from the request's <see cref="ISecureDeviceSlotGrain"/>.</summary>
    Task CreateAsync(SecureRegistrationRecord record);

    /// <summary>The request's status. 404 when unknown; 403 when <paramref name="certificateThumbprint"/> is not the one it started with.</summary>
    Task<SecureRegistrationStatusView> GetStatusAsync(string? certificateThumbprint);

    /// <summary>
    /// A logged-in user (needs <c>devices:create</c>) proves they hold the device: the PIN and the
    /// last 4 hex digits of its certificate's serial number. Wrong answers count; after
    /// the configured number of attempts (<c>Gatehouse:SecureRegistration:MaxConfirmationAttempts</c>) the request takes no more.
    /// </summary>
    Task<SecureConfirmation> ConfirmAsync(Caller caller, string pin, string serialLast4);

    /// <summary>
    /// The device finishes with the nonce and the same certificate: the device is created owned
    /// by the confirming user, bound to the certificate, and gets a device token.
    /// </summary>
    Task<CompletedSecureRegistration> CompleteAsync(string? certificateThumbprint, string nonce);

    /// <summary>Silo-internal: a newer request for the same device replaces this one (REVOKED).</summary>
    Task RevokeAsync();
}
