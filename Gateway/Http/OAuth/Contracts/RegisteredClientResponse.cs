using Gatehouse.Grains.Identity.OAuth;

namespace Gatehouse.Gateway.Http.OAuth.Contracts;

/// <summary>A new client: its id, its secret (confidential clients; shown once), and its registration.</summary>
public sealed record RegisteredClientResponse(string ClientId, string? ClientSecret, OAuthClientView Client);
