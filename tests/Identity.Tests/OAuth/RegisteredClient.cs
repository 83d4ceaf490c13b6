namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>A client as its developer keeps it: id, secret (null for public clients), and the redirect URI it uses.</summary>
public sealed record RegisteredClient(string ClientId, string? ClientSecret, string RedirectUri);
