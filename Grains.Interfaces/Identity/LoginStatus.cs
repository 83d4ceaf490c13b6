namespace Gatehouse.Grains.Identity;

public enum LoginStatus
{
    Succeeded,

    /// <summary>The password was right; finish with a second factor using <see cref="LoginResult.ChallengeToken"/>.</summary>
    SecondFactorRequired,

    Failed,

    /// <summary>Too many failures; retry after <see cref="LoginResult.RetryAfter"/>.</summary>
    LockedOut,
}
