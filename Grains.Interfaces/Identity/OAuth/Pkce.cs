using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// Proof Key for Code Exchange (RFC 7636), S256 only. The "plain" method is refused: it protects
/// nothing once the authorization request itself is seen (RFC 7636 §7.2), and every client that
/// can do PKCE can do SHA-256.
/// </summary>
public static class Pkce
{
    public const string S256 = "S256";

    /// <summary>
    /// A code_verifier: 43 to 128 characters of <c>[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"</c> (§4.1).
    /// </summary>
    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= 43 and <= 128 } && verifier.All(IsUnreserved);

    /// <summary>An S256 code_challenge: BASE64URL(SHA-256(verifier)) without padding, always 43 characters (§4.2).</summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: 43 } && challenge.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The S256 challenge of a verifier (§4.2).</summary>
    public static string ChallengeOf(string verifier) =>
        Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>§4.6: the server recomputes the challenge from the verifier and compares, here in constant time.</summary>
    public static bool Verify(string? verifier, string challenge) =>
        IsValidVerifier(verifier)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(ChallengeOf(verifier!)), Encoding.ASCII.GetBytes(challenge));

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
