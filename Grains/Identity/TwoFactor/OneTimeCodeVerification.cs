namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// The outcome of checking a one-time code and the challenge state to persist afterwards (with the
/// failed attempt counted, or marked used). Store <see cref="Challenge"/> before answering the
/// caller, or a crash between the two would hand out free attempts.
/// </summary>
public readonly record struct OneTimeCodeVerification(OneTimeCodeResult Result, OneTimeCodeChallenge Challenge)
{
    public bool Succeeded => Result == OneTimeCodeResult.Accepted;
}
