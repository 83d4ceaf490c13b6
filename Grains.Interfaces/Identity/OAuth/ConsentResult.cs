using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// The outcome of a consent step. On success, <see cref="Code"/> is the authorization code
/// (shown once) and <see cref="Scope"/> what it grants: the user's choice narrowed to what the
/// user may do now. <see cref="LoginStatus.SecondFactorRequired"/> carries a challenge, as a login does.
/// </summary>
public sealed record ConsentResult(
    LoginStatus Status,
    string? Code = null,
    string? Scope = null,
    string? UserId = null,
    string? ChallengeToken = null,
    ImmutableArray<string> SecondFactors = default,
    TimeSpan? RetryAfter = null,
    string? Problem = null)
{
    public static ConsentResult Failed { get; } = new(LoginStatus.Failed);
}
