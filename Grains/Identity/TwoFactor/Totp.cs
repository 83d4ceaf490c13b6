using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// RFC 6238 TOTP: HOTP over the number of <see cref="PeriodSeconds"/>-second steps since the Unix
/// epoch. Immutable; <see cref="Default"/> is what authenticator apps assume (HMAC-SHA1, 6 digits,
/// 30 seconds, one step of clock drift either way).
/// </summary>
/// <remarks>
/// Time always comes from the caller (grains take it from an injected <see cref="TimeProvider"/>),
/// so tests and the RFC vectors can pin it. Replay is refused by the caller remembering the last
/// step it accepted and passing it back: a code is good for one login, not for its whole window.
/// </remarks>
public sealed class Totp
{
    /// <summary>The <c>lastAcceptedStep</c> to pass when no code has been accepted yet.</summary>
    public const long NoAcceptedStep = -1;

    public Totp(OtpAlgorithm algorithm = OtpAlgorithm.Sha1, int digits = 6, int periodSeconds = 30, int allowedDriftSteps = 1)
    {
        Hotp.ValidateDigits(digits);
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown OTP algorithm.");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(periodSeconds, 1);
        // Each extra step of drift widens the guessing window by two codes; more than a few minutes
        // of tolerance is a misconfiguration, not a kindness.
        ArgumentOutOfRangeException.ThrowIfNegative(allowedDriftSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(allowedDriftSteps, 10);
        Algorithm = algorithm;
        Digits = digits;
        PeriodSeconds = periodSeconds;
        AllowedDriftSteps = allowedDriftSteps;
    }

    public static Totp Default { get; } = new();

    public OtpAlgorithm Algorithm { get; }

    public int Digits { get; }

    public int PeriodSeconds { get; }

    /// <summary>How many steps before and after the current one a code may come from.</summary>
    public int AllowedDriftSteps { get; }

    /// <summary>The time step <paramref name="time"/> falls in (RFC 6238's T, with T0 = 0).</summary>
    public long GetStep(DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        // Floor rather than truncate, so a time before 1970 lands in a negative step (never verified)
        // instead of sharing step 0 with the first seconds after the epoch.
        return seconds >= 0 ? seconds / PeriodSeconds : -((-seconds + PeriodSeconds - 1) / PeriodSeconds);
    }

    public string ComputeCode(ReadOnlySpan<byte> secret, DateTimeOffset time) => ComputeCode(secret, GetStep(time));

    public string ComputeCode(ReadOnlySpan<byte> secret, long step) => Hotp.ComputeCode(secret, step, Digits, Algorithm);

    /// <summary>
    /// Checks <paramref name="code"/> against the steps within <see cref="AllowedDriftSteps"/> of
    /// <paramref name="now"/>. A step at or before <paramref name="lastAcceptedStep"/> is refused, so a
    /// code that was used once (or an older one) never works again; on success the caller must store
    /// <paramref name="matchedStep"/> as its new last accepted step before answering.
    /// </summary>
    /// <param name="code">What the user typed. Spaces are ignored (apps show <c>123 456</c>); anything
    /// else that is not exactly <see cref="Digits"/> ASCII digits is refused without an exception.</param>
    /// <returns>True with the step that matched; false with <paramref name="matchedStep"/> set to
    /// <see cref="NoAcceptedStep"/>.</returns>
    public bool TryVerify(ReadOnlySpan<byte> secret, string? code, DateTimeOffset now, long lastAcceptedStep, out long matchedStep)
    {
        matchedStep = NoAcceptedStep;
        Span<byte> typed = stackalloc byte[Hotp.MaxDigits];
        if (!TryNormalize(code, typed[..Digits]))
        {
            return false;
        }
        typed = typed[..Digits];

        var current = GetStep(now);
        Span<char> candidateChars = stackalloc char[Hotp.MaxDigits];
        Span<byte> candidate = stackalloc byte[Hotp.MaxDigits];
        var found = false;
        // Every step in the window is computed and compared, matched or not, so the time taken does
        // not say which step (if any) matched. When two steps share a code, the latest wins: taking an
        // earlier one would leave the same digits acceptable again at the later step.
        for (var step = current - AllowedDriftSteps; step <= current + AllowedDriftSteps; step++)
        {
            if (step < 0)
            {
                continue;
            }
            var value = Hotp.ComputeValue(secret, step, Digits, Algorithm);
            value.TryFormat(candidateChars, out _, Hotp.Format(Digits), CultureInfo.InvariantCulture);
            Encoding.ASCII.GetBytes(candidateChars[..Digits], candidate);
            var equal = CryptographicOperations.FixedTimeEquals(candidate[..Digits], typed);
            if (equal && step > lastAcceptedStep)
            {
                matchedStep = step;
                found = true;
            }
        }
        return found;
    }

    private bool TryNormalize(string? code, Span<byte> digits)
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
            // char.IsDigit would also accept Arabic-Indic and other Unicode digits.
            if (c is < '0' or > '9' || count == Digits)
            {
                return false;
            }
            digits[count++] = (byte)c;
        }
        return count == Digits;
    }
}
