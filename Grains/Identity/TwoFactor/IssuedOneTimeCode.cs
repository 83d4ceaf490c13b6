namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// A new one-time code: <see cref="Code"/> goes to the user (by SMS) and is then forgotten;
/// <see cref="Challenge"/> is what the grain stores.
/// </summary>
public sealed record IssuedOneTimeCode(string Code, OneTimeCodeChallenge Challenge)
{
    // The record's generated ToString would print the code into any log line that formats this.
    public override string ToString() => $"IssuedOneTimeCode {{ Code = ******, ExpiresAt = {Challenge.ExpiresAt:O} }}";
}
