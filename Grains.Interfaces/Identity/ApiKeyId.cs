namespace Gatehouse.Grains.Identity;

/// <summary>
/// API key ids are <c>gk_</c> and 24 hex digits; the whole key, as one string for Bearer or
/// <c>access_token</c>, is <c>id.secret</c>. The id is public; the secret is 64 hex digits.
/// </summary>
public static class ApiKeyId
{
    public const string Prefix = "gk_";

    public static bool IsKeyId(ReadOnlySpan<char> value)
    {
        if (value.Length != Prefix.Length + 24 || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in value[Prefix.Length..])
        {
            if (!char.IsAsciiHexDigitLower(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Splits <c>id.secret</c>; false when the value is not shaped like an API key.</summary>
    public static bool TrySplit(string value, out string keyId, out string secret)
    {
        var dot = value.IndexOf('.');
        if (dot > 0 && IsKeyId(value.AsSpan(0, dot)) && dot < value.Length - 1)
        {
            keyId = value[..dot];
            secret = value[(dot + 1)..];
            return true;
        }
        keyId = secret = "";
        return false;
    }
}
