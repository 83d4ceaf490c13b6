namespace Gatehouse.Gateway.Http.OAuth.Contracts;

/// <summary>
/// POST /v1/oauth/clients. <see cref="Scopes"/> are what the client may ask users for (permission
/// names, or "all"); <see cref="Confidential"/> clients (server-side) get a secret, public clients
/// (native and browser apps) none, and must use PKCE.
/// </summary>
public sealed record RegisterClientRequest(string Name, string[] RedirectUris, string[] Scopes, bool Confidential = true);
