namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// What a client may register as a redirect URI. Authorization codes travel to these URIs, so
/// they are checked hard once, at registration, and then compared exactly (RFC 6749 §3.1.2.2,
/// §3.1.2.3): absolute, no fragment (§3.1.2), HTTPS, plain HTTP only to a loopback address where
/// the traffic never leaves the machine (RFC 8252 §7.3), or a private-use scheme with a dot, as
/// native apps register (RFC 8252 §7.1). Characters that would break out of the consent page's
/// HTML or Content-Security-Policy are refused outright.
/// </summary>
public static class RedirectUriRules
{
    public const int MaxLength = 2000;

    public static void Validate(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            throw new InvalidRequestException($"A redirect URI has 1 to {MaxLength} characters.");
        }
        if (value.Any(c => c <= ' ' || c >= '\u007f' || c is '"' or '\'' or '<' or '>' or '\\' or ';' or ',' or '`'))
        {
            throw new InvalidRequestException($"The redirect URI '{Shorten(value)}' contains a character that must be percent-encoded (space, quote, angle bracket, backslash, semicolon, comma or non-ASCII).");
        }
        // On Unix a bare path parses as an absolute file URI; a redirect URI must spell its scheme.
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException($"The redirect URI '{Shorten(value)}' is not an absolute URI.");
        }
        if (value.Contains('#'))
        {
            throw new InvalidRequestException("A redirect URI must not have a fragment (RFC 6749 §3.1.2).");
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new InvalidRequestException("A redirect URI must not carry a user name or password.");
        }
        switch (uri.Scheme)
        {
            case "https":
                return;
            case "http" when uri.IsLoopback:
                return;
            case "http":
                throw new InvalidRequestException("Plain http redirect URIs are allowed only to a loopback address (127.0.0.1, [::1], localhost); use https.");
            case "javascript" or "data" or "file" or "vbscript" or "blob" or "about" or "ftp" or "ws" or "wss":
                throw new InvalidRequestException($"The scheme '{uri.Scheme}' cannot be a redirect URI.");
            default:
                if (!uri.Scheme.Contains('.'))
                {
                    throw new InvalidRequestException("A private-use redirect scheme must be a reversed domain name, like com.example.app:/callback (RFC 8252 §7.1).");
                }
                return;
        }
    }

    private static string Shorten(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
