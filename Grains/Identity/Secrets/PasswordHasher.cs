using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>
/// Hashes low-entropy secrets (passwords, short registration codes) with PBKDF2-HMAC-SHA256 and a
/// 128-bit random salt. The stored form names its own algorithm and cost,
/// <c>pbkdf2-sha256$iterations$salt$hash</c>, so the cost can rise without invalidating old hashes.
/// </summary>
public sealed class PasswordHasher(IOptions<PasswordHashingOptions> options)
{
    private const string Algorithm = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public int Iterations => options.Value.Iterations;

    public string Hash(string password) => Hash(password, options.Value.Iterations);

    public static string Hash(string password, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Algorithm}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Constant-time check of <paramref name="password"/> against a stored hash. A malformed hash never verifies.</summary>
    public static bool Verify(string password, string storedHash)
    {
        if (!TryParse(storedHash, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>True when the stored hash is weaker than what is configured now.</summary>
    public bool NeedsRehash(string storedHash) =>
        !TryParse(storedHash, out var iterations, out _, out _) || iterations < options.Value.Iterations;

    private static bool TryParse(string storedHash, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = storedHash.Split('$');
        if (parts.Length != 4 || parts[0] != Algorithm
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return hash.Length > 0;
    }
}
