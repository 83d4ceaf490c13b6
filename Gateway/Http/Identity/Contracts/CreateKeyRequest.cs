namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>
/// POST /v1/keys. UserId: create for another user (their administrator, or a system administrator).
/// Scopes left out (or null) mean the owner's authority. Nullable rather than <c>= default</c>: the
/// JSON schema exporter writes a parameter's default value, and cannot write a default ImmutableArray.
/// </summary>
public sealed record CreateKeyRequest(string Name, System.Collections.Immutable.ImmutableArray<string>? Scopes = null, DateTimeOffset? ExpiresAt = null, bool Elevated = false, string? UserId = null);
