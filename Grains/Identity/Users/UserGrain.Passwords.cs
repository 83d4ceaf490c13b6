using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity.Users;

public sealed partial class UserGrain
{
    public async Task ChangePasswordAsync(Caller caller, string currentPassword, string newPassword)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileWrite);
        if (!PasswordHasher.Verify(currentPassword, State.PasswordHash))
        {
            await RecordFailureAsync(time.GetUtcNow());
            throw new AccessDeniedException("The current password is wrong.");
        }
        ValidatePassword(newPassword);
        State.PasswordHash = hasher.Hash(newPassword);
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.PasswordChanged, caller, "user", GetPrimaryKeyString(), State.AccountId);
        // Whoever learned the old password may hold sessions; end them all, including this one.
        await RevokeAllSessionsAsync();
    }

    /// <summary>The reset token is <c>{userId}.{secret}</c>, so it can be routed back here; only the secret's digest is kept.</summary>
    public async Task<IssuedToken> BeginPasswordResetAsync(Caller caller)
    {
        EnsureExists();
        RequireManager(caller);
        var secret = SecretGenerator.NewToken();
        var expiresAt = time.GetUtcNow() + Options.PasswordResetLifetime;
        State.PasswordResetDigest = SecretDigest.Compute(secret);
        State.PasswordResetExpiresAt = expiresAt;
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.PasswordResetStarted, caller, "user", GetPrimaryKeyString(), State.AccountId);
        return new IssuedToken($"{GetPrimaryKeyString()}.{secret}", GetPrimaryKeyString(), expiresAt);
    }

    public async Task CompletePasswordResetAsync(string resetToken, string newPassword)
    {
        var dot = resetToken.IndexOf('.');
        var secret = dot >= 0 ? resetToken[(dot + 1)..] : resetToken;
        if (!user.RecordExists
            || State.PasswordResetDigest is not { } digest
            || State.PasswordResetExpiresAt is not { } expiresAt
            || time.GetUtcNow() >= expiresAt
            || !SecretDigest.Matches(secret, digest))
        {
            throw new NotAuthenticatedException("The password-reset token is unknown, used or expired.");
        }
        ValidatePassword(newPassword);
        State.PasswordHash = hasher.Hash(newPassword);
        State.PasswordResetDigest = null;
        State.PasswordResetExpiresAt = null;
        State.FailedAttempts = 0;
        State.LockedUntil = null;
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.PasswordReset, SelfActor(CredentialKind.None), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Succeeded);
        await RevokeAllSessionsAsync();
    }
}
