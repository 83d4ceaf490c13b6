namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/keys. UserId: create for another user (their administrator, or a system administrator).</summary>
public sealed record CreateKeyRequest(string Name, string[]? Scopes = null, DateTimeOffset? ExpiresAt = null, bool Elevated = false, string? UserId = null);
