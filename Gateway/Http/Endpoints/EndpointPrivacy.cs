namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>WoTKit's method privacy levels; every endpoint declares one (<c>docs/api.md</c>).</summary>
public enum EndpointPrivacy
{
    /// <summary>Anyone. A credential, if presented, must still be valid.</summary>
    Public,

    /// <summary>Authenticated callers only.</summary>
    Private,

    /// <summary>Anyone, but an authenticated caller may get more (their private resources too).</summary>
    PublicOrPrivate,

    /// <summary>System administrators only.</summary>
    Admin,
}
