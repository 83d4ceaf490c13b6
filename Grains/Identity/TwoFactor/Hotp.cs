using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>RFC 4226 HOTP: an HMAC of a counter, dynamically truncated to a few decimal digits.</summary>
public static class Hotp
{
    public const int MinDigits = 6;
    public const int MaxDigits = 8;

    /// <summary>The code as an integer in <c>[0, 10^digits)</c>.</summary>
    public static int ComputeValue(ReadOnlySpan<byte> secret, long counter, int digits = 6, OtpAlgorithm algorithm = OtpAlgorithm.Sha1)
    {
        ValidateDigits(digits);
        if (secret.IsEmpty)
        {
            throw new ArgumentException("The OTP secret is empty.", nameof(secret));
        }
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> mac = stackalloc byte[64];
        var length = algorithm switch
        {
            OtpAlgorithm.Sha1 => HMACSHA1.HashData(secret, message, mac),
            OtpAlgorithm.Sha256 => HMACSHA256.HashData(secret, message, mac),
            OtpAlgorithm.Sha512 => HMACSHA512.HashData(secret, message, mac),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown OTP algorithm."),
        };
        // Dynamic truncation (RFC 4226 section 5.3): the low nibble of the last byte picks an offset,
        // and the 31 bits from there (top bit masked to dodge signedness) are reduced mod 10^digits.
        var offset = mac[length - 1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac.Slice(offset, 4)) & 0x7FFF_FFFF;
        return binary % Pow10(digits);
    }

    /// <summary>The code as the user sees it: zero-padded to <paramref name="digits"/> characters.</summary>
    public static string ComputeCode(ReadOnlySpan<byte> secret, long counter, int digits = 6, OtpAlgorithm algorithm = OtpAlgorithm.Sha1) =>
        ComputeValue(secret, counter, digits, algorithm).ToString(Format(digits), CultureInfo.InvariantCulture);

    internal static void ValidateDigits(int digits)
    {
        // RFC 4226 requires at least 6; authenticator apps display at most 8.
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, MinDigits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, MaxDigits);
    }

    internal static string Format(int digits) => digits switch { 6 => "D6", 7 => "D7", _ => "D8" };

    private static int Pow10(int digits)
    {
        var result = 1;
        for (var i = 0; i < digits; i++)
        {
            result *= 10;
        }
        return result;
    }
}
