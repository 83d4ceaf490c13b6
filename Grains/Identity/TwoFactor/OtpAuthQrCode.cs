using QRCoder;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Renders text (an otpauth URI) as a QR code for a phone to scan. Error correction level M
/// (15 %) keeps a 160-bit-secret URI at a version a phone reads easily from a screen; the quiet
/// zone is always drawn because scanners need it to find the code.
/// </summary>
public static class OtpAuthQrCode
{
    /// <summary>A scalable SVG (sized by its viewBox), for embedding in a page.</summary>
    public static string ToSvg(string text)
    {
        using var data = Generate(text);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(pixelsPerModule: 1, darkColorHex: "#000000", lightColorHex: "#ffffff",
            drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>A black-and-white PNG with <paramref name="pixelsPerModule"/> pixels per QR module.</summary>
    public static byte[] ToPng(string text, int pixelsPerModule = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, 64);
        using var data = Generate(text);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    /// <summary>The PNG as a <c>data:image/png;base64,…</c> URI, for an <c>&lt;img src&gt;</c>.</summary>
    public static string ToPngDataUri(string text, int pixelsPerModule = 8) =>
        "data:image/png;base64," + Convert.ToBase64String(ToPng(text, pixelsPerModule));

    private static QRCodeData Generate(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
    }
}
