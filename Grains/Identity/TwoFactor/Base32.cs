namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// RFC 4648 base32 (the standard alphabet <c>A–Z 2–7</c>), which is how authenticator apps and
/// otpauth URIs carry TOTP secrets. Encoding writes no padding, as the otpauth key-URI format
/// expects; decoding accepts what people paste: lowercase, spaces, dashes between groups and
/// trailing <c>=</c> padding.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return string.Empty;
        }
        var chars = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[index++] = Alphabet[(buffer >> bits) & 0x1F];
            }
        }
        if (bits > 0)
        {
            // The last group is zero-filled on the right (RFC 4648 section 6).
            chars[index++] = Alphabet[(buffer << (5 - bits)) & 0x1F];
        }
        return new string(chars, 0, index);
    }

    /// <exception cref="FormatException">A character outside the base32 alphabet, padding in the
    /// middle, or a length no encoder produces. The message names the offending character and its
    /// position, because the usual cause is a mistyped secret.</exception>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var count = 0;
        var symbols = 0;
        var paddingSeen = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is ' ' or '-' or '\t' or '\r' or '\n')
            {
                continue;
            }
            if (c == '=')
            {
                paddingSeen = true;
                continue;
            }
            if (paddingSeen)
            {
                throw new FormatException($"Base32 text has '{c}' at position {i}, after '=' padding; padding may only end the text.");
            }
            var value = ValueOf(c);
            if (value < 0)
            {
                throw new FormatException($"Base32 text has '{c}' (U+{(int)c:X4}) at position {i}; only A-Z and 2-7 are allowed (0, 1, 8 and 9 are not base32).");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            symbols++;
            if (bits >= 8)
            {
                bits -= 8;
                output[count++] = (byte)(buffer >> bits);
            }
        }
        // 8 symbols carry 5 bytes; a final group of 1, 3 or 6 symbols cannot come from whole bytes.
        if (symbols % 8 is 1 or 3 or 6)
        {
            throw new FormatException($"Base32 text has {symbols} symbols, a length no encoder produces; a character is probably missing or extra.");
        }
        return output.AsSpan(0, count).ToArray();
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}
