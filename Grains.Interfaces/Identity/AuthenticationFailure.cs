namespace Gatehouse.Grains.Identity;

/// <summary>Why a credential did not authenticate. Gateways answer all of them with 401, except as noted.</summary>
public enum AuthenticationFailure
{
    None,

    /// <summary>No such user, key or token. Indistinguishable from <see cref="WrongSecret"/> to the client.</summary>
    UnknownCredential,

    WrongSecret,

    Revoked,

    Expired,

    /// <summary>Too many recent failures for the account or the source address; the result carries when to retry (429).</summary>
    LockedOut,

    /// <summary>The user, device or application behind the credential is disabled.</summary>
    Disabled,

    /// <summary>A temporary token used on an endpoint it is not restricted to (403).</summary>
    EndpointNotAllowed,

    /// <summary>A temporary or registration token with no uses left.</summary>
    UsedUp,

    /// <summary>The password was right, but the account uses two-factor login, which HTTP Basic cannot carry.</summary>
    SecondFactorRequired,

    /// <summary>
    /// A secure device's credential without the device's client certificate (seed 002: 403 off the
    /// secure endpoint). Request gateways get it as the subject grain's <see cref="AccessDeniedException"/>.
    /// </summary>
    CertificateRequired,
}
