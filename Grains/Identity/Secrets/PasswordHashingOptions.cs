namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>Bound from <c>Gatehouse:Passwords</c>.</summary>
public sealed class PasswordHashingOptions
{
    public const string SectionName = "Gatehouse:Passwords";

    /// <summary>
    /// PBKDF2-HMAC-SHA256 iterations for new hashes. Default 600,000: OWASP's Password Storage
    /// Cheat Sheet figure for this KDF. Stored hashes keep their own count and are re-hashed at
    /// the next successful login when it is lower than this. Tests lower it to stay fast.
    /// </summary>
    public int Iterations { get; set; } = 600_000;

    /// <summary>Shortest password accepted. Default 10 characters.</summary>
    public int MinimumLength { get; set; } = 10;
}
