using Gatehouse.Runtime;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// A live channel (a WebSocket or server-sent-events connection in a gateway) that holds a
/// credential and must close the moment that credential stops being valid. Token and key grains
/// call it when they are revoked. Calls are not in a turn and may arrive concurrently;
/// implementations signal their connection and return.
/// </summary>
public interface ICredentialObserver : IGrainObserver
{
    /// <param name="credentialId">The public id of the credential (token lookup key, key id); never a secret.</param>
    /// <param name="reason">Safe to show the channel's client.</param>
    Task OnCredentialRevokedAsync(string credentialId, string reason);
}
