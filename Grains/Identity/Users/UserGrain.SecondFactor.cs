namespace Gatehouse.Grains.Identity.Users;

public sealed partial class UserGrain
{
    private Task<LoginResult> OpenSecondFactorChallengeAsync(LoginAttempt attempt)
    {
        _ = attempt;
        throw new NotSupportedException("Two-factor login lands with the TOTP and SMS enrolment.");
    }

    public Task<LoginResult> CompleteSecondFactorAsync(string challengeToken, string code, string? sourceAddress) =>
        Task.FromResult(LoginResult.Failed);
}
