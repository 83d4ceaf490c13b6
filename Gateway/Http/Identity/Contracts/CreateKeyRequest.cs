namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/keys. UserId: create for another user (their administrator, or a system administrator).</summary>
public sealed record CreateKeyRequest(string Name, System.Collections.Immutable.ImmutableArray<string> Scopes = default, DateTimeOffset? ExpiresAt = null, bool Elevated = false, string? UserId = null);
