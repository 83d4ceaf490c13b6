using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity;

/// <summary>The outcome of one login step.</summary>
public sealed record LoginResult(
    LoginStatus Status,
    TokenPair? Tokens = null,
    string? UserId = null,
    string? ChallengeToken = null,
    ImmutableArray<string> SecondFactors = default,
    TimeSpan? RetryAfter = null)
{
    public static LoginResult Failed { get; } = new(LoginStatus.Failed);
}
