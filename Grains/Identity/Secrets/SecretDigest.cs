using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>
/// How high-entropy secrets (tokens and key secrets: at least 128 random bits) are stored and
/// found. A KDF buys nothing against guessing a 256-bit value, so these use one SHA-256, which is
/// what keeps bearer and key requests fast (no PBKDF2 per request). The first half of the digest
/// is the grain key used to find a token; the whole digest is kept and compared in constant time.
/// </summary>
public static class SecretDigest
{
    public static byte[] Compute(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return SHA256.HashData(bytes);
    }

    /// <summary>The grain key for a token: hex of the digest's first 16 bytes. Not a secret.</summary>
    public static string LookupKey(string secret) => LookupKey(Compute(secret));

    public static string LookupKey(ReadOnlySpan<byte> digest) => Convert.ToHexStringLower(digest[..16]);

    public static bool Matches(string secret, ReadOnlySpan<byte> storedDigest)
    {
        Span<byte> actual = stackalloc byte[32];
        var maxBytes = Encoding.UTF8.GetMaxByteCount(secret.Length);
        var buffer = maxBytes <= 512 ? stackalloc byte[maxBytes] : new byte[maxBytes];
        var length = Encoding.UTF8.GetBytes(secret, buffer);
        SHA256.HashData(buffer[..length], actual);
        return storedDigest.Length == 32 && CryptographicOperations.FixedTimeEquals(actual, storedDigest);
    }
}
