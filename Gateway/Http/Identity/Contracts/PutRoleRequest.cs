namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PUT a role: the permission names it grants.</summary>
public sealed record PutRoleRequest(System.Collections.Immutable.ImmutableArray<string> Permissions, string? Description = null);
