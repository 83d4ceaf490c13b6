using System.Globalization;
using System.Security.Cryptography;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// What a user needs to add Gatehouse to an authenticator app: a fresh secret, the otpauth key URI
/// that carries it (Google Authenticator's key-URI format, which the other apps follow), and that
/// URI as a QR code. The secret is shown once, here; the caller stores it encrypted
/// (<c>SecretProtector</c>) and only after the user has proved with a first code that the app has it.
/// </summary>
public sealed class TotpEnrollment
{
    /// <summary>160 bits: the length RFC 4226 recommends (section 4), equal to HMAC-SHA1's output.</summary>
    public const int SecretBytes = 20;

    private readonly byte[] _secret;

    public TotpEnrollment(string issuer, string accountName, ReadOnlySpan<byte> secret, Totp? settings = null)
    {
        ValidateLabelPart(issuer, nameof(issuer));
        ValidateLabelPart(accountName, nameof(accountName));
        if (secret.Length < 16)
        {
            // RFC 4226 section 4: the shared secret must be at least 128 bits.
            throw new ArgumentException("A TOTP secret must be at least 16 bytes (128 bits).", nameof(secret));
        }
        Issuer = issuer;
        AccountName = accountName;
        _secret = secret.ToArray();
        Settings = settings ?? Totp.Default;
    }

    /// <summary>A new enrollment with a 160-bit secret from the OS CSPRNG.</summary>
    public static TotpEnrollment Create(string issuer, string accountName, Totp? settings = null) =>
        new(issuer, accountName, RandomNumberGenerator.GetBytes(SecretBytes), settings);

    /// <summary>The service name the app shows above the code, e.g. <c>Gatehouse</c>.</summary>
    public string Issuer { get; }

    /// <summary>Which account the code is for, e.g. the user's e-mail address.</summary>
    public string AccountName { get; }

    public Totp Settings { get; }

    public ReadOnlySpan<byte> Secret => _secret;

    /// <summary>The secret as unpadded base32, for users who type it in instead of scanning.</summary>
    public string SecretBase32 => Base32.Encode(_secret);

    /// <summary>
    /// <c>otpauth://totp/{issuer}:{account}?secret=…&amp;issuer=…&amp;algorithm=…&amp;digits=…&amp;period=…</c>.
    /// Label parts and the issuer parameter are percent-encoded (spaces as <c>%20</c>, which the
    /// format requires, not <c>+</c>), so the URI is plain ASCII and the QR code needs no ECI mode.
    /// The issuer appears twice on purpose: older apps read the label prefix, newer the parameter.
    /// </summary>
    public string OtpAuthUri
    {
        get
        {
            var issuer = Uri.EscapeDataString(Issuer);
            var account = Uri.EscapeDataString(AccountName);
            var algorithm = Settings.Algorithm switch
            {
                OtpAlgorithm.Sha1 => "SHA1",
                OtpAlgorithm.Sha256 => "SHA256",
                _ => "SHA512",
            };
            return string.Create(CultureInfo.InvariantCulture,
                $"otpauth://totp/{issuer}:{account}?secret={SecretBase32}&issuer={issuer}&algorithm={algorithm}&digits={Settings.Digits}&period={Settings.PeriodSeconds}");
        }
    }

    public string ToQrSvg() => OtpAuthQrCode.ToSvg(OtpAuthUri);

    public byte[] ToQrPng(int pixelsPerModule = 8) => OtpAuthQrCode.ToPng(OtpAuthUri, pixelsPerModule);

    public string ToQrPngDataUri(int pixelsPerModule = 8) => OtpAuthQrCode.ToPngDataUri(OtpAuthUri, pixelsPerModule);

    private static void ValidateLabelPart(string value, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, parameterName);
        // The key-URI format separates issuer and account with a colon and forbids one inside
        // either; apps that split before unescaping would show the wrong name.
        if (value.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{value}' contains ':', which the otpauth label format does not allow.", parameterName);
        }
    }
}
