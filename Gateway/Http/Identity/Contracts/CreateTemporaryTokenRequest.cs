namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/temporary-tokens: endpoint names (see /openapi.json operationId) the token may call.</summary>
public sealed record CreateTemporaryTokenRequest(System.Collections.Immutable.ImmutableArray<string> Endpoints, string[]? Scopes = null, int Uses = 1, long ExpiresInSeconds = 900);
