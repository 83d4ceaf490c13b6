namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>
/// POST /v1/temporary-tokens: endpoint names (see /openapi.json operationId) the token may call.
/// Scopes left out (or null) mean the creator's authority; nullable for the same reason as in <see cref="CreateKeyRequest"/>.
/// </summary>
public sealed record CreateTemporaryTokenRequest(System.Collections.Immutable.ImmutableArray<string> Endpoints, System.Collections.Immutable.ImmutableArray<string>? Scopes = null, int Uses = 1, long ExpiresInSeconds = 900);
