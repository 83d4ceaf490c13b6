using System.Collections.Frozen;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// The audit action vocabulary: every value <see cref="AuditEvent.Action"/> may hold. Names are
/// <c>area.what[.result]</c>, so a query's action prefix selects a family (<c>auth.</c>,
/// <c>key.</c>). The audit log rejects anything not listed here, which keeps the log queryable:
/// add a constant (and its line in <see cref="All"/>) before recording a new kind of event.
/// Whether an attempt worked is in <see cref="AuditEvent.Outcome"/>; the <c>auth.*</c> names
/// also say it because failures are what administrators search for.
/// </summary>
public static class AuditActions
{
    /// <summary>A user logged in (password, and second factor if enrolled) and got a session.</summary>
    public const string LoginSucceeded = "auth.login.succeeded";

    /// <summary>A login was refused: unknown user, wrong password, disabled or locked user.</summary>
    public const string LoginFailed = "auth.login.failed";

    /// <summary>A request's credential (API key, access token, temporary or registration token) was rejected.</summary>
    public const string CredentialFailed = "auth.credential.failed";

    /// <summary>Too many failures: the user is locked out for a while.</summary>
    public const string LockedOut = "auth.locked_out";

    public const string MfaSucceeded = "auth.mfa.succeeded";

    public const string MfaFailed = "auth.mfa.failed";

    /// <summary>An access token was issued (login, OAuth2, device token).</summary>
    public const string TokenIssued = "token.issued";

    public const string TokenRevoked = "token.revoked";

    public const string KeyCreated = "key.created";

    public const string KeyRevoked = "key.revoked";

    /// <summary>A key was given more authority than its owner (<c>keys:elevate</c>).</summary>
    public const string KeyElevated = "key.elevated";

    /// <summary>A user changed their own password.</summary>
    public const string PasswordChanged = "password.changed";

    /// <summary>An administrator or a reset flow set a user's password.</summary>
    public const string PasswordReset = "password.reset";

    public const string MfaEnrolled = "mfa.enrolled";

    public const string MfaDisabled = "mfa.disabled";

    public const string RoleCreated = "role.created";

    /// <summary>A role's permissions or name changed.</summary>
    public const string RoleChanged = "role.changed";

    public const string RoleDeleted = "role.deleted";

    /// <summary>A user became an operator of an account, or their operator role changed.</summary>
    public const string OperatorAssigned = "operator.assigned";

    public const string OperatorRemoved = "operator.removed";

    public const string UserCreated = "user.created";

    public const string UserDisabled = "user.disabled";

    public const string RegistrationCreated = "registration.created";

    public const string RegistrationRedeemed = "registration.redeemed";

    /// <summary>An RFCx temporary token was created.</summary>
    public const string TemporaryTokenCreated = "temptoken.created";

    public const string TemporaryTokenRevoked = "temptoken.revoked";

    public const string RegistrationRevoked = "registration.revoked";

    /// <summary>Basic username and password accepted on a request (each one pays the KDF, so each is recorded).</summary>
    public const string PasswordAuthenticated = "auth.password.succeeded";

    public const string PasswordResetStarted = "password.reset.started";

    public const string UserEnabled = "user.enabled";

    public const string UserUnlocked = "user.unlocked";

    public const string AccountCreated = "account.created";

    public const string ApplicationCreated = "application.created";

    /// <summary>An application user was given another application-user role.</summary>
    public const string ApplicationUserRoleAssigned = "appuser.role.assigned";

    public const string DeviceShared = "device.shared";

    public const string DeviceTransferred = "device.transferred";

    public const string DeviceDeleted = "device.deleted";

    /// <summary>A user registered an OAuth2 client (WoTKit "registered application").</summary>
    public const string OAuthClientRegistered = "oauth.client.registered";

    /// <summary>An OAuth2 client was revoked: its secret and every token issued to it stop working.</summary>
    public const string OAuthClientRevoked = "oauth.client.revoked";

    /// <summary>A user authenticated on the consent page and allowed a client the scopes they chose; an authorization code was issued.</summary>
    public const string OAuthConsentGranted = "oauth.consent.granted";

    /// <summary>A user pressed Deny on the consent page.</summary>
    public const string OAuthConsentDenied = "oauth.consent.denied";

    /// <summary>An authorization code was presented again; the tokens issued from it were revoked (RFC 6749 §4.1.2).</summary>
    public const string OAuthCodeReused = "oauth.code.reused";

    /// <summary>Client authentication at the token endpoint failed: unknown or revoked client, wrong secret.</summary>
    public const string ClientAuthenticationFailed = "auth.client.failed";

    /// <summary>A device type's owner set the certificates its secure devices must chain to (ARTIK secure registration).</summary>
    public const string DeviceTypeTrustChanged = "deviceType.trust.changed";

    /// <summary>A device started a secure registration with a trusted client certificate.</summary>
    public const string SecureRegistrationStarted = "secureRegistration.started";

    /// <summary>A user entered a secure registration's PIN and serial digits (succeeded or failed).</summary>
    public const string SecureRegistrationConfirmed = "secureRegistration.confirmed";

    /// <summary>A device completed a secure registration: the device was created bound to its certificate.</summary>
    public const string SecureRegistrationCompleted = "secureRegistration.completed";

    /// <summary>Every action, for validation and documentation.</summary>
    public static FrozenSet<string> All { get; } = FrozenSet.ToFrozenSet(
        [
            LoginSucceeded, LoginFailed, CredentialFailed, LockedOut, MfaSucceeded, MfaFailed,
            TokenIssued, TokenRevoked, KeyCreated, KeyRevoked, KeyElevated,
            PasswordChanged, PasswordReset, MfaEnrolled, MfaDisabled,
            RoleCreated, RoleChanged, RoleDeleted, OperatorAssigned, OperatorRemoved,
            UserCreated, UserDisabled, RegistrationCreated, RegistrationRedeemed, TemporaryTokenCreated,
            TemporaryTokenRevoked, RegistrationRevoked, PasswordAuthenticated, PasswordResetStarted,
            UserEnabled, UserUnlocked, AccountCreated, ApplicationCreated, ApplicationUserRoleAssigned,
            DeviceShared, DeviceTransferred, DeviceDeleted,
            OAuthClientRegistered, OAuthClientRevoked, OAuthConsentGranted, OAuthConsentDenied, OAuthCodeReused,
            ClientAuthenticationFailed,
            DeviceTypeTrustChanged, SecureRegistrationStarted, SecureRegistrationConfirmed, SecureRegistrationCompleted,
        ],
        StringComparer.Ordinal);

    public static bool IsKnown(string? action) => action is not null && All.Contains(action);
}
