namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>A new client and its secret (confidential clients only), shown once; only the secret's SHA-256 is kept.</summary>
public sealed record CreatedOAuthClient(OAuthClientView Client, string? ClientSecret);
