using Microsoft.Extensions.Primitives;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Parses an RFCx principal, <c>[user_type]/[user_guid]</c> plus a token, from whichever pair
/// carries it: the <c>x-auth-user</c>/<c>x-auth-token</c> headers or the
/// <c>auth_user</c>/<c>auth_token</c> query parameters or form fields. The two halves are only
/// ever taken from the same place: a user from a header with a token from the query string is
/// not a principal but two incomplete ones.
/// </summary>
internal static class PrincipalParser
{
    public const string UserHeader = "x-auth-user";
    public const string TokenHeader = "x-auth-token";
    public const string UserParameter = "auth_user";
    public const string TokenParameter = "auth_token";

    public static CredentialExtractionResult Parse(StringValues user, StringValues token, CredentialSource source)
    {
        if (user.Count == 0 && token.Count == 0)
        {
            return CredentialExtractionResult.NoCredential;
        }
        if (user.Count > 1)
        {
            return Fail(CredentialError.Repeated(UserName(source), source));
        }
        if (token.Count > 1)
        {
            return Fail(CredentialError.Repeated(TokenName(source), source));
        }
        if (user.Count == 0 || token.Count == 0)
        {
            return Fail(CredentialError.IncompletePrincipal(source));
        }

        // Header values lose their surrounding whitespace (RFC 9110 §5.5); query and form values
        // are taken exactly as decoded, since there whitespace was sent on purpose.
        var userValue = Value(user, source);
        var tokenValue = Value(token, source);
        if (tokenValue.IsWhiteSpace())
        {
            return Fail(CredentialError.EmptyToken(TokenName(source), source));
        }

        var slash = userValue.IndexOf('/');
        if (slash < 0)
        {
            return Fail(CredentialError.MalformedPrincipal(UserName(source), "it has no '/'.", source));
        }
        if (slash == 0)
        {
            return Fail(CredentialError.MalformedPrincipal(UserName(source), "the type before the '/' is empty.", source));
        }
        var type = ParseType(userValue[..slash]);
        if (type == PrincipalType.None)
        {
            return Fail(CredentialError.UnknownPrincipalType(UserName(source), userValue[..slash], source));
        }
        var guid = userValue[(slash + 1)..];
        if (guid.IsEmpty)
        {
            return Fail(CredentialError.MalformedPrincipal(UserName(source), "the guid after the '/' is empty.", source));
        }
        if (!IsPlainGuid(guid))
        {
            return Fail(CredentialError.MalformedPrincipal(UserName(source), "the guid contains a '/', whitespace or a control character.", source));
        }

        // The guid is kept as sent: RFCx guids are opaque strings, and case-folding one could
        // make it name a different principal.
        return CredentialExtractionResult.Success(PresentedCredential.Principal(
            type,
            guid.ToString(),
            tokenValue.Length == token[0]!.Length ? token[0]! : tokenValue.ToString(),
            source));
    }

    private static ReadOnlySpan<char> Value(StringValues values, CredentialSource source)
    {
        var value = values[0].AsSpan();
        return source == CredentialSource.AuthHeaders ? value.Trim(" \t") : value;
    }

    // RFCx user types are lower case in its documentation; clients that capitalise them are
    // still understood (the type is a keyword, unlike the guid).
    private static PrincipalType ParseType(ReadOnlySpan<char> type)
    {
        if (type.Equals("guardian", StringComparison.OrdinalIgnoreCase))
        {
            return PrincipalType.Guardian;
        }
        if (type.Equals("user", StringComparison.OrdinalIgnoreCase))
        {
            return PrincipalType.User;
        }
        if (type.Equals("token", StringComparison.OrdinalIgnoreCase))
        {
            return PrincipalType.Token;
        }
        if (type.Equals("register", StringComparison.OrdinalIgnoreCase))
        {
            return PrincipalType.Register;
        }
        return PrincipalType.None;
    }

    private static bool IsPlainGuid(ReadOnlySpan<char> guid)
    {
        foreach (var c in guid)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }

    // Constant strings, and only built into a message on the error path: the success path
    // allocates nothing but the guid.
    private static string UserName(CredentialSource source) => source switch
    {
        CredentialSource.AuthHeaders => "the x-auth-user header",
        CredentialSource.Query => "the auth_user query parameter",
        _ => "the auth_user form field",
    };

    private static string TokenName(CredentialSource source) => source switch
    {
        CredentialSource.AuthHeaders => "the x-auth-token header",
        CredentialSource.Query => "the auth_token query parameter",
        _ => "the auth_token form field",
    };

    private static CredentialExtractionResult Fail(CredentialError error) => CredentialExtractionResult.Failure(error);
}
