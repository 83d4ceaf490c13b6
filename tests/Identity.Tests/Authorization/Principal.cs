namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// The kinds of caller the authorization matrix tries on every endpoint: the columns of
/// <see cref="AuthorizationMatrix.Rows"/>, in this order.
/// </summary>
public enum Principal
{
    /// <summary>No credential at all.</summary>
    Anonymous,

    /// <summary>The bootstrap system administrator, with a login token.</summary>
    SystemAdmin,

    /// <summary>A user with no account, with a login token. Owns the world's device and RFCx tokens.</summary>
    User,

    /// <summary>The administrator of the world's account, with a login token.</summary>
    AccountAdmin,

    /// <summary>An operator of the account holding the "support" role, with a login token.</summary>
    Operator,

    /// <summary>An operator API key of that operator, unscoped.</summary>
    OperatorKey,

    /// <summary>The public application key of the account's application.</summary>
    ApplicationKey,

    /// <summary>The trusted (secret) application key of that application.</summary>
    TrustedApplicationKey,

    /// <summary>The application-user key of a user of that application (default role).</summary>
    ApplicationUserKey,

    /// <summary>A device API key of the user's device.</summary>
    DeviceKey,

    /// <summary>A device access token of the user's device.</summary>
    Device,

    /// <summary>An RFCx registration token (type user), as <c>x-auth-user: register/{id}</c>.</summary>
    RegistrationToken,

    /// <summary>An RFCx temporary token of the user allowed only <c>me.get</c>, as <c>x-auth-user: token/{id}</c>.</summary>
    TemporaryToken,

    /// <summary>A login token of the user, logged out.</summary>
    RevokedToken,

    /// <summary>A device token past its lifetime.</summary>
    ExpiredToken,
}
