using System.Collections.Immutable;

namespace Gatehouse.Grains.Identity;

/// <summary>
/// What to create. Scopes are permission names (<c>docs/permissions.md</c>); empty means "all the
/// owner has". <see cref="Elevated"/> asks for more than the owner has, which needs <c>keys:elevate</c>.
/// </summary>
public sealed record ApiKeySpec(string Name, ImmutableArray<string> Scopes = default, DateTimeOffset? ExpiresAt = null, bool Elevated = false);
