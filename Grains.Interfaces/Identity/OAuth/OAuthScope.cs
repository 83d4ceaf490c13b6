using System.Collections.Immutable;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// OAuth2 scopes (RFC 6749 §3.3) in Gatehouse: a space-separated list of permission names from
/// <see cref="Permissions.All"/>, or <c>all</c> alone (WoTKit's scope: the user's whole authority).
/// Wildcards (<c>*</c>, <c>devices:*</c>) are not scopes: a consent page lists each name with what
/// it allows, and a user can only consent to what is spelled out.
/// </summary>
public static class OAuthScope
{
    /// <summary>WoTKit's <c>scope=all</c>: everything the user may do, checked at every request.</summary>
    public const string All = "all";

    /// <summary>
    /// Parses a scope parameter into distinct names, in the order given. Throws
    /// <see cref="InvalidRequestException"/> naming the problem: an unknown name, a wildcard, or
    /// <c>all</c> combined with names. Null or blank gives an empty list (the caller decides the default).
    /// </summary>
    public static ImmutableArray<string> Parse(string? scope) =>
        scope is null ? [] : Validate(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Checks a list of scope names (a client's registration, a consent form's choices); returns them without duplicates.</summary>
    public static ImmutableArray<string> Validate(IEnumerable<string> names)
    {
        var result = ImmutableArray.CreateBuilder<string>();
        foreach (var name in names)
        {
            if (name != All && !Permissions.All.ContainsKey(name))
            {
                throw new InvalidRequestException($"'{name}' is not a scope: use permission names from GET /v1/permissions (no wildcards), or 'all'.");
            }
            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }
        if (result.Contains(All) && result.Count > 1)
        {
            throw new InvalidRequestException("The scope 'all' stands alone: it already means everything the user may do.");
        }
        return result.ToImmutable();
    }

    public static bool IsAll(ImmutableArray<string> scopes) => scopes is [All];

    /// <summary>True when a client registered with <paramref name="allowed"/> may ask for <paramref name="requested"/>.</summary>
    public static bool Allows(ImmutableArray<string> allowed, ImmutableArray<string> requested) =>
        IsAll(allowed) || (!IsAll(requested) && requested.All(allowed.Contains));

    /// <summary>The wire form (RFC 6749 §3.3): names joined by single spaces.</summary>
    public static string Format(IEnumerable<string> scopes) => string.Join(' ', scopes);
}
