using System.Text;
using Gatehouse.Grains.Identity.TwoFactor;

namespace Gatehouse.Identity.Tests.TwoFactor;

public sealed class TotpEnrollmentTests
{
    private static readonly byte[] FixedSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Fact]
    public void Create_MakesA160BitSecret_NewEachTime()
    {
        var first = TotpEnrollment.Create("Gatehouse", "alice@example.com");
        var second = TotpEnrollment.Create("Gatehouse", "alice@example.com");

        Assert.Equal(20, first.Secret.Length);
        Assert.False(first.Secret.SequenceEqual(second.Secret));
        Assert.Equal(first.Secret.ToArray(), Base32.Decode(first.SecretBase32));
        Assert.Equal(32, first.SecretBase32.Length);
        Assert.DoesNotContain('=', first.SecretBase32);
    }

    [Fact]
    public void OtpAuthUri_HasTheKeyUriFormat()
    {
        var enrollment = new TotpEnrollment("Gatehouse", "alice@example.com", FixedSecret);

        Assert.Equal(
            "otpauth://totp/Gatehouse:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Gatehouse&algorithm=SHA1&digits=6&period=30",
            enrollment.OtpAuthUri);
    }

    [Fact]
    public void OtpAuthUri_EscapesLabelAndIssuer_SpacesAsPercent20()
    {
        var enrollment = new TotpEnrollment("Acme IoT & Co/EU", "åsa bo+1@example.se", FixedSecret,
            new Totp(OtpAlgorithm.Sha256, digits: 8, periodSeconds: 60));
        var uri = enrollment.OtpAuthUri;

        Assert.StartsWith("otpauth://totp/Acme%20IoT%20%26%20Co%2FEU:%C3%A5sa%20bo%2B1%40example.se?secret=", uri, StringComparison.Ordinal);
        Assert.EndsWith("&issuer=Acme%20IoT%20%26%20Co%2FEU&algorithm=SHA256&digits=8&period=60", uri, StringComparison.Ordinal);
        Assert.DoesNotContain('+', uri);
        Assert.True(uri.All(char.IsAscii));
    }

    [Fact]
    public void OtpAuthUri_ParsesBackToTheSameSecretAndSettings()
    {
        var enrollment = TotpEnrollment.Create("Gatehouse", "bob@example.com", new Totp(OtpAlgorithm.Sha512, digits: 7));
        var uri = new Uri(enrollment.OtpAuthUri);
        var query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal("/Gatehouse:bob@example.com", Uri.UnescapeDataString(uri.AbsolutePath));
        Assert.Equal(enrollment.Secret.ToArray(), Base32.Decode(query["secret"]));
        Assert.Equal("Gatehouse", query["issuer"]);
        Assert.Equal("SHA512", query["algorithm"]);
        Assert.Equal("7", query["digits"]);
        Assert.Equal("30", query["period"]);
    }

    [Theory]
    [InlineData("Gate:house", "alice")]
    [InlineData("Gatehouse", "ali:ce")]
    public void Colons_InIssuerOrAccount_AreRefused(string issuer, string account)
    {
        Assert.Throws<ArgumentException>(() => new TotpEnrollment(issuer, account, FixedSecret));
    }

    [Theory]
    [InlineData("", "alice")]
    [InlineData("Gatehouse", " ")]
    public void EmptyNames_AreRefused(string issuer, string account)
    {
        Assert.Throws<ArgumentException>(() => new TotpEnrollment(issuer, account, FixedSecret));
    }

    [Fact]
    public void SecretsShorterThan128Bits_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new TotpEnrollment("Gatehouse", "alice", new byte[15]));
    }

    [Fact]
    public void Png_DecodesToTheUri_WithARealScanner()
    {
        var enrollment = TotpEnrollment.Create("Gatehouse", "alice@example.com");
        var png = enrollment.ToQrPng();

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(enrollment.OtpAuthUri, ZbarImg.DecodeSingle(png, ".png"));
    }

    [Fact]
    public void Png_WithEscapedNamesAndEightDigitSha512_DecodesToTheUri()
    {
        var enrollment = TotpEnrollment.Create("Acme IoT & Co", "åsa.öberg+devices@example.se", new Totp(OtpAlgorithm.Sha512, digits: 8));

        Assert.Equal(enrollment.OtpAuthUri, ZbarImg.DecodeSingle(enrollment.ToQrPng(pixelsPerModule: 4), ".png"));
    }

    [Fact]
    public void PngDataUri_CarriesThePng()
    {
        var enrollment = new TotpEnrollment("Gatehouse", "alice@example.com", FixedSecret);
        const string prefix = "data:image/png;base64,";
        var dataUri = enrollment.ToQrPngDataUri();

        Assert.StartsWith(prefix, dataUri, StringComparison.Ordinal);
        var png = Convert.FromBase64String(dataUri[prefix.Length..]);
        Assert.Equal(enrollment.ToQrPng(), png);
        Assert.Equal(enrollment.OtpAuthUri, ZbarImg.DecodeSingle(png, ".png"));
    }

    [Fact]
    public void Svg_IsScalable_AndDecodesToTheUri()
    {
        var enrollment = TotpEnrollment.Create("Gatehouse", "alice@example.com");
        var svg = enrollment.ToQrSvg();

        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("viewBox=", svg, StringComparison.Ordinal);
        Assert.Equal(enrollment.OtpAuthUri, ZbarImg.DecodeSingle(SvgQrRasterizer.ToPbm(svg), ".pbm"));
    }

    [Fact]
    public void QrOfOtherText_DoesNotDecodeToTheUri()
    {
        // Guards the decoding tests themselves: zbarimg reports what is in the image, not an echo.
        var enrollment = new TotpEnrollment("Gatehouse", "alice@example.com", FixedSecret);
        var other = new TotpEnrollment("Gatehouse", "mallory@example.com", FixedSecret);

        Assert.NotEqual(enrollment.OtpAuthUri, ZbarImg.DecodeSingle(other.ToQrPng(), ".png"));
    }
}
