namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/temporary-tokens: endpoint names (see /openapi.json operationId) the token may call.</summary>
public sealed record CreateTemporaryTokenRequest(System.Collections.Immutable.ImmutableArray<string> Endpoints, System.Collections.Immutable.ImmutableArray<string> Scopes = default, int Uses = 1, long ExpiresInSeconds = 900);
