namespace Gatehouse.Grains.Security;

/// <summary>The kind of secret that authenticated a request.</summary>
public enum CredentialKind
{
    None,

    /// <summary>Username and password (HTTP Basic). Pays the password KDF on every request.</summary>
    Password,

    /// <summary>An access token issued at login, by OAuth2, or to a device.</summary>
    AccessToken,

    /// <summary>An API key, as Basic key id and secret, as a bearer token or as <c>access_token</c>.</summary>
    ApiKey,

    RegistrationToken,

    TemporaryToken,
}
