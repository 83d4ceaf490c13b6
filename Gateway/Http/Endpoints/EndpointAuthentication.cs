namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>Who establishes the caller of an endpoint.</summary>
public enum EndpointAuthentication
{
    /// <summary>
    /// The pipeline: it extracts the request's one credential (<c>docs/authentication.md</c>),
    /// has its grain authenticate it, and applies the privacy level. Every endpoint but a few.
    /// </summary>
    Pipeline,

    /// <summary>
    /// The handler. The pipeline neither extracts nor resolves a credential and the handler runs
    /// with the anonymous caller; it authenticates whatever the protocol says, itself. For the
    /// OAuth2 endpoints, where <c>Authorization: Basic</c> carries a client's id and secret (RFC
    /// 6749 §2.3.1), not a user's or key's, and where the user authenticates in a form. Only
    /// public endpoints may do this (the catalog checks), since no caller reaches the privacy check.
    /// </summary>
    Handler,
}
