using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Six-digit codes sent out of band (SMS) to prove possession of a phone. A million possible codes
/// is weak on its own; what makes it safe is the short life (<see cref="DefaultLifetime"/>) and the
/// attempt limit (<see cref="DefaultMaxAttempts"/>): an online guesser gets 5 tries in 10^6.
/// </summary>
/// <remarks>
/// The code is stored as HMAC-SHA256 under a random per-challenge key kept beside it. That stops a
/// code being read off the database or a log of grain state; it does not stop someone holding a copy
/// of the database from brute-forcing 10^6 candidates, which is why the expiry, not the hash, is
/// the real protection and why a leaked challenge is worthless after five minutes.
/// </remarks>
public static class OneTimeCode
{
    public const int Digits = 6;
    public const int DefaultMaxAttempts = 5;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private const int KeyBytes = 32;

    /// <param name="now">The issuing time, from the caller's <see cref="TimeProvider"/>.</param>
    public static IssuedOneTimeCode Issue(DateTimeOffset now, TimeSpan? lifetime = null, int maxAttempts = DefaultMaxAttempts)
    {
        var life = lifetime ?? DefaultLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(life, TimeSpan.Zero, nameof(lifetime));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var code = RandomNumberGenerator.GetInt32(1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        var challenge = new OneTimeCodeChallenge
        {
            Key = Convert.ToBase64String(key),
            Hash = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(code))),
            IssuedAt = now,
            ExpiresAt = now + life,
            MaxAttempts = maxAttempts,
        };
        return new IssuedOneTimeCode(code, challenge);
    }

    /// <summary>
    /// Checks <paramref name="code"/> at <paramref name="now"/>. In order: a used challenge, one whose
    /// attempts are spent, and an expired one are refused whatever the code; otherwise a wrong or
    /// malformed code counts an attempt and a right one marks the challenge used. Never throws for
    /// bad input; a corrupted challenge (bad base64) simply never verifies.
    /// </summary>
    public static OneTimeCodeVerification Verify(OneTimeCodeChallenge challenge, string? code, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (challenge.Used)
        {
            return new(OneTimeCodeResult.AlreadyUsed, challenge);
        }
        if (challenge.FailedAttempts >= challenge.MaxAttempts)
        {
            return new(OneTimeCodeResult.AttemptsExhausted, challenge);
        }
        if (now >= challenge.ExpiresAt)
        {
            return new(OneTimeCodeResult.Expired, challenge);
        }
        if (Matches(challenge, code))
        {
            return new(OneTimeCodeResult.Accepted, challenge with { Used = true });
        }
        var failed = challenge with { FailedAttempts = challenge.FailedAttempts + 1 };
        return new(failed.FailedAttempts >= failed.MaxAttempts ? OneTimeCodeResult.AttemptsExhausted : OneTimeCodeResult.WrongCode, failed);
    }

    private static bool Matches(OneTimeCodeChallenge challenge, string? code)
    {
        Span<byte> typed = stackalloc byte[Digits];
        if (!TryNormalize(code, typed))
        {
            return false;
        }
        byte[] key, expected;
        try
        {
            key = Convert.FromBase64String(challenge.Key);
            expected = Convert.FromBase64String(challenge.Hash);
        }
        catch (FormatException)
        {
            return false;
        }
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, typed, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Exactly six ASCII digits, spaces ignored (people copy <c>123 456</c>).</summary>
    private static bool TryNormalize(string? code, Span<byte> digits)
    {
        if (code is null)
        {
            return false;
        }
        var count = 0;
        foreach (var c in code)
        {
            if (c == ' ')
            {
                continue;
            }
            if (c is < '0' or > '9' || count == Digits)
            {
                return false;
            }
            digits[count++] = (byte)c;
        }
        return count == Digits;
    }
}
