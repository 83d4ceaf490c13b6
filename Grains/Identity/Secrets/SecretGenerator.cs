using System.Security.Cryptography;

namespace Gatehouse.Grains.Identity.Secrets;

/// <summary>Random identifiers and secrets, all from the OS CSPRNG.</summary>
public static class SecretGenerator
{
    private const string Base32Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>A 128-bit id as 32 lowercase hex digits (the ARTIK and RFCx id shape). Not secret.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A 256-bit bearer secret as 64 lowercase hex digits.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// A short code people can type (registration codes, PINs): <paramref name="length"/> characters
    /// from an alphabet without 0/O and 1/I. Low entropy: store it with <see cref="PasswordHasher"/>
    /// and limit attempts.
    /// </summary>
    public static string NewCode(int length)
    {
        return string.Create(length, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Base32Alphabet[RandomNumberGenerator.GetInt32(Base32Alphabet.Length)];
            }
        });
    }
}
