using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// A credential an open channel stands on: as presented (so it can be authenticated again) and
/// the caller it last resolved to, which renewals and publishes use.
/// </summary>
internal sealed class CredentialHold(PresentedCredential credential, Caller caller)
{
    public PresentedCredential Credential { get; } = credential;

    /// <summary>Replaced at every re-authentication; read from any thread.</summary>
    public Caller Caller { get; set; } = caller;

    public ITimer? ExpiryTimer { get; set; }
}
