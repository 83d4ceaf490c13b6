using System.Text.RegularExpressions;

namespace Gatehouse.Grains.Identity;

/// <summary>Username rules and the key of a name's <see cref="IUsernameGrain"/>.</summary>
public static partial class UsernameKey
{
    /// <summary>
    /// 3–64 characters, starting with a letter; letters, digits and <c>. _ @ + -</c>. Names that
    /// look like API key ids (<c>gk_…</c>) are refused so HTTP Basic can tell the two apart.
    /// </summary>
    public static void Validate(string username)
    {
        if (!UsernamePattern().IsMatch(username))
        {
            throw new InvalidRequestException("A username has 3 to 64 characters, starts with a letter, and uses only letters, digits and . _ @ + -");
        }
        if (ApiKeyId.IsKeyId(username))
        {
            throw new InvalidRequestException("A username may not look like an API key id (gk_ followed by 24 hex digits).");
        }
    }

    /// <summary>Case-insensitive: "Alice" and "alice" are one name. Application users have a namespace per application.</summary>
    public static string For(string username, string? applicationId = null) =>
        applicationId is null ? username.ToLowerInvariant() : $"app/{applicationId}/{username.ToLowerInvariant()}";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9._@+-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UsernamePattern();
}
