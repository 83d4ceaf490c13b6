using System.Collections.Immutable;

namespace Gatehouse.Grains.Accounts;

/// <summary>A named set of permissions: an operator role of an account, or an application-user role of an application.</summary>
public sealed record RoleView(string Name, ImmutableArray<string> Permissions, string? Description);
