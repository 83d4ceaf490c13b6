namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary><c>{"nonce":…}</c>: the secret the start answered with.</summary>
public sealed record ArtikCompletionRequest(string? Nonce);
