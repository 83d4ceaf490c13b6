using Gatehouse.Grains.Identity.Secrets;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Single-use codes that stand in for the second factor when the authenticator is lost. Each is 80
/// random bits, written as 16 characters of SecretGenerator's unambiguous alphabet (no 0/O, 1/I) in
/// four groups: <c>ABCD-EFGH-JKLM-NPQR</c>.
/// </summary>
/// <remarks>
/// Stored as SHA-256 digests (<see cref="SecretDigest"/>), base64 text, not with a password KDF:
/// 2^80 candidates per code is far beyond offline guessing even at hardware hash rates, so a
/// slow hash would cost every login and buy nothing. Online guessing is the login flow's
/// attempt limits' job.
/// </remarks>
public static class RecoveryCodes
{
    public const int DefaultCount = 10;

    /// <summary>16 symbols × 5 bits = 80 bits.</summary>
    private const int Symbols = 16;
    private const int GroupLength = 4;

    public static RecoveryCodeSet Generate(int count = DefaultCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 100);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        while (codes.Count < count)
        {
            // A repeat is a 2^-80 event; the set makes "every code distinct" true rather than likely.
            codes.Add(SecretGenerator.NewCode(Symbols));
        }
        var plain = codes.Select(Format).ToArray();
        var stored = codes.Select(code => Convert.ToBase64String(SecretDigest.Compute(code))).ToArray();
        return new RecoveryCodeSet(plain, stored);
    }

    /// <summary>
    /// Checks <paramref name="code"/> against <paramref name="storedCodes"/> and, when it matches,
    /// removes it. Case, dashes and whitespace in the input are ignored. Every stored digest is
    /// compared in constant time, match or not, so timing does not reveal which one matched.
    /// </summary>
    /// <param name="remaining">The stored set without the matched code (the caller persists it before
    /// letting the user in, which is what makes the code single-use); the input unchanged on failure.</param>
    public static bool TryConsume(string? code, IReadOnlyList<string> storedCodes, out IReadOnlyList<string> remaining)
    {
        ArgumentNullException.ThrowIfNull(storedCodes);
        remaining = storedCodes;
        var normalized = Normalize(code);
        if (normalized is null)
        {
            return false;
        }
        var matched = -1;
        for (var i = 0; i < storedCodes.Count; i++)
        {
            if (TryDecodeDigest(storedCodes[i], out var digest) && SecretDigest.Matches(normalized, digest) && matched < 0)
            {
                matched = i;
            }
        }
        if (matched < 0)
        {
            return false;
        }
        remaining = storedCodes.Where((_, i) => i != matched).ToArray();
        return true;
    }

    /// <summary>Upper-case, separators dropped; null when the result cannot be a recovery code.</summary>
    private static string? Normalize(string? code)
    {
        if (code is null)
        {
            return null;
        }
        Span<char> buffer = stackalloc char[Symbols];
        var length = 0;
        foreach (var c in code)
        {
            if (c == '-' || char.IsWhiteSpace(c))
            {
                continue;
            }
            if (length == Symbols || c > 0x7F)
            {
                return null;
            }
            buffer[length++] = char.ToUpperInvariant(c);
        }
        return length == Symbols ? new string(buffer) : null;
    }

    private static string Format(string code) => string.Join('-', code.Chunk(GroupLength).Select(chunk => new string(chunk)));

    private static bool TryDecodeDigest(string stored, out byte[] digest)
    {
        digest = new byte[32];
        return Convert.TryFromBase64String(stored, digest, out var written) && written == digest.Length;
    }
}
