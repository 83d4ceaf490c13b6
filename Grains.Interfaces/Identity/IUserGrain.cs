using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// A person (or an application user), keyed by a 32-hex-digit id. Owns the password hash, 2FA
/// secrets, lockout state, account membership and the list of its live sessions, and decides who
/// may read or change them.
/// </summary>
public interface IUserGrain : ISubjectGrain
{
    /// <summary>Silo-internal: called by the username's grain once the name is reserved.</summary>
    Task<UserView> InitializeAsync(NewUser user, string createdBy);

    [Gatehouse.Runtime.AlwaysInterleave]
    Task<bool> ExistsAsync();

    /// <summary>Silo-internal: the username (public: it appears in WoTKit sensor addresses), or null if no such user.</summary>
    [Gatehouse.Runtime.AlwaysInterleave]
    Task<string?> GetUsernameAsync();

    /// <summary>HTTP Basic with username and password: checks the password (paying the KDF) and returns the caller.</summary>
    Task<AuthenticationResult> AuthenticatePasswordAsync(LoginAttempt attempt);

    /// <summary>First login step: password, then tokens or a second-factor challenge.</summary>
    Task<LoginResult> LoginAsync(LoginAttempt attempt);

    /// <summary>Second login step: a TOTP, SMS or recovery code for the challenge from <see cref="LoginAsync"/>.</summary>
    Task<LoginResult> CompleteSecondFactorAsync(string challengeToken, string code, string? sourceAddress);

    /// <summary>Silo-internal: issues a new session after a refresh token was redeemed, keeping its scope, client and grant.</summary>
    Task<TokenPair?> RefreshSessionAsync(string scope, string? clientId, string? grantId = null);

    /// <summary>
    /// OAuth2 consent page, password step: checks the password (with the same lockout and audit
    /// as a login) and, unless a second factor is needed, issues an authorization code for
    /// <paramref name="grant"/>, its scope narrowed to what this user may do now.
    /// </summary>
    Task<OAuth.ConsentResult> ConsentAsync(LoginAttempt attempt, OAuth.AuthorizationGrant grant);

    /// <summary>OAuth2 consent page, second-factor step: the challenge from <see cref="ConsentAsync"/> and a code.</summary>
    Task<OAuth.ConsentResult> CompleteConsentSecondFactorAsync(string challengeToken, string code, string? sourceAddress, OAuth.AuthorizationGrant grant);

    /// <summary>
    /// RFC 6749 §4.3 (WoTKit's password grant) for an authenticated client: tokens issued to
    /// <see cref="LoginAttempt.ClientId"/> with <see cref="LoginAttempt.Scope"/> narrowed to this
    /// user's permissions. Refused for users with a second factor, which the grant cannot carry.
    /// </summary>
    Task<OAuth.GrantResult> PasswordGrantAsync(LoginAttempt attempt);

    /// <summary>Silo-internal: an authorization code of this user was redeemed; issue the client its tokens.</summary>
    Task<TokenPair?> IssueClientSessionAsync(string clientId, string scope, string grantId);

    /// <summary>Silo-internal: an authorization code was replayed; revoke every session issued from it.</summary>
    Task RevokeGrantAsync(string grantId);

    /// <summary>The OAuth2 clients this user authorized that still hold live sessions. The user (profile:read) or a system administrator.</summary>
    [Gatehouse.Runtime.ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<OAuth.ClientAuthorizationView>> ListClientAuthorizationsAsync(Caller caller);

    /// <summary>Withdraws an authorization: revokes every session this user's consent gave the client. The user (profile:write) or a system administrator.</summary>
    Task RevokeClientAuthorizationAsync(Caller caller, string clientId);

    /// <summary>Revokes every live session of this user.</summary>
    Task LogoutEverywhereAsync(Caller caller);

    /// <summary>Silo-internal: the subject's token grain reports a revoked session, so the list stays short.</summary>
    Task ForgetSessionAsync(string tokenId);

    [Gatehouse.Runtime.ReadOnly]
    Task<UserView> GetAsync(Caller caller);

    Task<UserView> UpdateProfileAsync(Caller caller, string? displayName, string? email, string? phone);

    /// <summary>The user changes their own password, proving the current one. Other sessions are revoked.</summary>
    Task ChangePasswordAsync(Caller caller, string currentPassword, string newPassword);

    /// <summary>An administrator starts a reset: returns a one-time reset token, valid for an hour, shown once.</summary>
    Task<IssuedToken> BeginPasswordResetAsync(Caller caller);

    /// <summary>Anyone holding the reset token sets a new password; all sessions are revoked.</summary>
    Task CompletePasswordResetAsync(string resetToken, string newPassword);

    Task SetDisabledAsync(Caller caller, bool disabled);

    /// <summary>Clears the account lockout (administrators).</summary>
    Task UnlockAsync(Caller caller);

    /// <summary>Creates an operator key (or, for an application user, an application-user key) owned by this user.</summary>
    Task<CreatedApiKey> CreateApiKeyAsync(Caller caller, ApiKeySpec spec);

    [Gatehouse.Runtime.ReadOnly]
    Task<System.Collections.Immutable.ImmutableArray<ApiKeyView>> ListApiKeysAsync(Caller caller);

    /// <summary>Starts TOTP enrolment: a new seed, its otpauth URI and QR code. Not active until confirmed.</summary>
    Task<TotpEnrollmentView> BeginTotpEnrollmentAsync(Caller caller);

    /// <summary>Confirms enrolment with a first code; returns recovery codes when the user had none.</summary>
    Task<RecoveryCodesView?> ConfirmTotpAsync(Caller caller, string code);

    /// <summary>Sends a code to the profile phone to prove it, before SMS becomes a second factor.</summary>
    Task BeginSmsEnrollmentAsync(Caller caller);

    Task<RecoveryCodesView?> ConfirmSmsAsync(Caller caller, string code);

    /// <summary>Turns off one second factor ("totp" or "sms"), proven with a current second-factor code.</summary>
    Task DisableSecondFactorAsync(Caller caller, string method, string code);

    /// <summary>Replaces the recovery codes, proven with a current second-factor code.</summary>
    Task<RecoveryCodesView> RegenerateRecoveryCodesAsync(Caller caller, string code);

    /// <summary>Silo-internal: the account's grain records this user's membership.</summary>
    Task SetMembershipAsync(string? accountId, AccountRole role, string? roleName);

    /// <summary>Silo-internal: the application's grain changes an application user's role.</summary>
    Task SetApplicationRoleAsync(string roleName);
}
