using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Parses <c>Authorization: Bearer &lt;token&gt;</c> (RFC 6750 §2.1) and
/// <c>Authorization: Basic &lt;base64(id:secret)&gt;</c> (RFC 7617). Runs on every request, so
/// it works on spans and allocates only the strings it returns.
/// </summary>
internal static class AuthorizationHeaderParser
{
    // Basic credentials up to this many decoded bytes are decoded on the stack; longer ones
    // (rare: Kestrel allows 32 KiB of headers) use a pooled array.
    private const int StackBufferBytes = 256;

    // RFC 9110 §5.6.3: optional whitespace is spaces and horizontal tabs.
    private const string Whitespace = " \t";

    public static CredentialExtractionResult Parse(StringValues values)
    {
        if (values.Count == 0)
        {
            return CredentialExtractionResult.NoCredential;
        }
        if (values.Count > 1)
        {
            // Two Authorization fields: a proxy or library added one. Which to believe is
            // exactly what must not be guessed (RFC 6750 §3.1 "repeats the same parameter").
            return Fail(CredentialError.Repeated("the Authorization header", CredentialSource.AuthorizationHeader));
        }

        // RFC 9110 §5.5: leading and trailing whitespace is not part of a field value. Kestrel
        // already strips it; other servers and tests may not.
        var value = values[0].AsSpan().Trim(Whitespace);
        if (value.IsEmpty)
        {
            return Fail(CredentialError.MalformedAuthorization("is empty. Send 'Bearer <token>' or 'Basic <base64 of id:secret>', or leave the header out."));
        }

        // RFC 9110 §11.4: credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ].
        // Tabs and repeated spaces are accepted between the two; the scheme is case-insensitive (§11.1).
        var separator = value.IndexOfAny(Whitespace);
        var scheme = separator < 0 ? value : value[..separator];
        var parameters = separator < 0 ? [] : value[separator..].TrimStart(Whitespace);

        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return ParseBearer(parameters);
        }
        if (scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return ParseBasic(parameters);
        }
        if (parameters.IsEmpty || !IsToken(scheme))
        {
            // Most often a bare token with the scheme forgotten; the message must not repeat it.
            return Fail(CredentialError.MalformedAuthorization("must be '<scheme> <credentials>', for example 'Bearer <token>'; it has no scheme Gatehouse recognises."));
        }
        return Fail(CredentialError.UnsupportedScheme());
    }

    private static CredentialExtractionResult ParseBearer(ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return Fail(CredentialError.EmptyToken("the Authorization: Bearer token", CredentialSource.AuthorizationHeader));
        }
        // RFC 6750 §2.1: b64token. A space or comma inside means two values run together
        // (a proxy joining two headers) or a token that was never one.
        if (!IsToken68(token))
        {
            return Fail(CredentialError.MalformedAuthorization("carries a Bearer token with characters a token cannot have (RFC 6750 §2.1 allows letters, digits and - . _ ~ + / with trailing =)."));
        }
        return Success(PresentedCredential.Bearer(token.ToString(), CredentialSource.AuthorizationHeader));
    }

    private static CredentialExtractionResult ParseBasic(ReadOnlySpan<char> encoded)
    {
        if (encoded.IsEmpty)
        {
            return Fail(CredentialError.MalformedBasic("are missing after 'Basic'."));
        }
        if (!IsToken68(encoded) || encoded.Length % 4 != 0)
        {
            return Fail(CredentialError.MalformedBasic("are not valid base64."));
        }

        var maxBytes = encoded.Length / 4 * 3;
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var written = 0;
        try
        {
            // Token68 excludes whitespace, which this method would otherwise skip silently.
            if (!Convert.TryFromBase64Chars(encoded, buffer, out written))
            {
                return Fail(CredentialError.MalformedBasic("are not valid base64."));
            }
            return Split(buffer[..written]);
        }
        finally
        {
            // The buffer held a password; do not leave it in a shared pool or on the stack.
            buffer[..written].Clear();
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static CredentialExtractionResult Split(ReadOnlySpan<byte> decoded)
    {
        // RFC 7617 §2.1: the only charset a server may announce is UTF-8, and clients today send it.
        if (!Utf8.IsValid(decoded))
        {
            return Fail(CredentialError.MalformedBasic("are not valid UTF-8."));
        }
        // RFC 7617 §2: a user-id cannot contain a colon, a password can, so split at the first
        // one. A colon byte never occurs inside a multi-byte UTF-8 sequence.
        var colon = decoded.IndexOf((byte)':');
        if (colon < 0)
        {
            return Fail(CredentialError.MalformedBasic("have no colon between the id and the secret."));
        }
        if (colon == 0)
        {
            return Fail(CredentialError.MalformedBasic("have an empty id."));
        }
        // RFC 7617 §2: neither part may contain control characters. An empty secret is allowed
        // by the RFC and left to the grain to refuse.
        if (ContainsControlCharacter(decoded))
        {
            return Fail(CredentialError.MalformedBasic("contain a control character."));
        }
        var id = Encoding.UTF8.GetString(decoded[..colon]);
        var secret = Encoding.UTF8.GetString(decoded[(colon + 1)..]);
        return Success(PresentedCredential.Basic(id, secret, CredentialSource.AuthorizationHeader));
    }

    private static bool ContainsControlCharacter(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b < 0x20 || b == 0x7F)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>RFC 9110 §11.2 token68 (= RFC 6750 b64token): 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".</summary>
    private static bool IsToken68(ReadOnlySpan<char> value)
    {
        var end = value.Length;
        while (end > 0 && value[end - 1] == '=')
        {
            end--;
        }
        if (end == 0)
        {
            return false;
        }
        foreach (var c in value[..end])
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>RFC 9110 §5.6.2 token: the syntax of an auth-scheme.</summary>
    private static bool IsToken(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~'))
            {
                return false;
            }
        }
        return value.Length > 0;
    }

    private static CredentialExtractionResult Success(in PresentedCredential credential) => CredentialExtractionResult.Success(credential);

    private static CredentialExtractionResult Fail(CredentialError error) => CredentialExtractionResult.Failure(error);
}
