using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Gatehouse.Identity.Tests.TwoFactor;

/// <summary>
/// Turns a QR code SVG into a PBM bitmap that zbarimg can read (this machine's ImageMagick has no
/// SVG reader). It draws what the SVG says, not what the encoder meant: dark <c>rect</c>s, and
/// paths made of axis-aligned rectangular subpaths (<c>M x y h w v 1 h -w z</c>, QRCoder's form).
/// Anything else in a path fails the test, so an encoder change cannot make it pass by accident.
/// </summary>
internal static partial class SvgQrRasterizer
{
    private const int Scale = 8;

    public static byte[] ToPbm(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        var viewBox = ((string?)root.Attribute("viewBox") ?? throw new Xunit.Sdk.XunitException("The SVG has no viewBox."))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        int width = viewBox[2], height = viewBox[3];
        var dark = new bool[width, height];

        foreach (var element in root.Descendants())
        {
            var fill = (string?)element.Attribute("fill");
            if (!IsDark(fill))
            {
                continue;
            }
            if (element.Name.LocalName == "rect")
            {
                Fill(dark, Int(element, "x"), Int(element, "y"), Int(element, "width"), Int(element, "height"));
            }
            else if (element.Name.LocalName == "path")
            {
                foreach (var subpath in ((string)element.Attribute("d")!).Split(['z', 'Z'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var (x, y, w, h) = Bounds(subpath);
                    Fill(dark, x, y, w, h);
                }
            }
        }
        return Encode(dark, width, height);
    }

    private static bool IsDark(string? fill) => fill is "#000000" or "#000" or "black";

    private static int Int(XElement element, string name) => int.Parse((string)element.Attribute(name)!, CultureInfo.InvariantCulture);

    private static (int X, int Y, int Width, int Height) Bounds(string subpath)
    {
        var commands = Command().Matches(subpath);
        var unread = Command().Replace(subpath, string.Empty);
        Assert.True(string.IsNullOrWhiteSpace(unread), $"Unexpected path syntax '{unread.Trim()}' in '{subpath}'.");
        int x = 0, y = 0, minX = int.MaxValue, minY = int.MaxValue, maxX = int.MinValue, maxY = int.MinValue;
        foreach (Match command in commands)
        {
            var numbers = command.Groups[2].Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
                .Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray();
            switch (command.Groups[1].Value)
            {
                case "M": x = numbers[0]; y = numbers[1]; break;
                case "h": x += numbers[0]; break;
                case "v": y += numbers[0]; break;
                case "H": x = numbers[0]; break;
                case "V": y = numbers[0]; break;
                default: throw new Xunit.Sdk.XunitException($"Unexpected path command '{command.Value}'.");
            }
            (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
        }
        return (minX, minY, maxX - minX, maxY - minY);
    }

    private static void Fill(bool[,] dark, int x, int y, int width, int height)
    {
        for (var i = x; i < x + width; i++)
        {
            for (var j = y; j < y + height; j++)
            {
                dark[i, j] = true;
            }
        }
    }

    /// <summary>Binary PBM (P4): rows of bits, 1 = black, each row padded to a byte.</summary>
    private static byte[] Encode(bool[,] dark, int width, int height)
    {
        int pixelsWide = width * Scale, pixelsHigh = height * Scale, rowBytes = (pixelsWide + 7) / 8;
        var output = new MemoryStream();
        output.Write(Encoding.ASCII.GetBytes($"P4\n{pixelsWide} {pixelsHigh}\n"));
        var row = new byte[rowBytes];
        for (var py = 0; py < pixelsHigh; py++)
        {
            Array.Clear(row);
            for (var px = 0; px < pixelsWide; px++)
            {
                if (dark[px / Scale, py / Scale])
                {
                    row[px / 8] |= (byte)(0x80 >> (px % 8));
                }
            }
            output.Write(row);
        }
        return output.ToArray();
    }

    [GeneratedRegex(@"([MmHhVvLl])\s*(-?\d+(?:[ ,]+-?\d+)*)")]
    private static partial Regex Command();
}
