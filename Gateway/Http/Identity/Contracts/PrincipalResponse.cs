namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>GET /v1/me: who the caller is, what it may do, and its own resource (user, device or application).</summary>
public sealed record PrincipalResponse(string Kind, string Id, string? AccountId, string? ApplicationId, System.Collections.Immutable.ImmutableArray<string> Permissions, System.Collections.Immutable.ImmutableArray<string> Roles, bool SystemAdmin, string Credential, string? KeyKind, object? Resource);
