using Microsoft.Extensions.Primitives;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Credentials in query parameters or form fields: <c>access_token</c> (RFC 6750 §2.2, §2.3;
/// EVRYTHNG's <c>?access_token=</c>) and RFCx <c>auth_user</c>/<c>auth_token</c>. Query strings
/// and forms have no common lookup interface, so callers pass the three values.
/// </summary>
internal static class ParameterCredentialParser
{
    public const string AccessTokenParameter = "access_token";

    public static CredentialExtractionResult Parse(StringValues accessToken, StringValues user, StringValues token, CredentialSource source)
    {
        var result = ParseAccessToken(accessToken, source);
        if (!result.Succeeded)
        {
            return result;
        }
        // Both ways in one place is still two credentials: access_token first, as it is the
        // standard one, and a conflict if the principal differs (it always does: another kind).
        return CredentialExtractor.Combine(result, PrincipalParser.Parse(user, token, source));
    }

    private static CredentialExtractionResult ParseAccessToken(StringValues values, CredentialSource source)
    {
        var what = source == CredentialSource.Query ? "the access_token query parameter" : "the access_token form field";
        if (values.Count == 0)
        {
            return CredentialExtractionResult.NoCredential;
        }
        if (values.Count > 1)
        {
            // RFC 6750 §3.1: a request that "repeats the same parameter" is invalid_request.
            return CredentialExtractionResult.Failure(CredentialError.Repeated(what, source));
        }
        var value = values[0];
        if (string.IsNullOrWhiteSpace(value))
        {
            // "?access_token=" from an unset shell variable: refuse rather than run anonymously.
            return CredentialExtractionResult.Failure(CredentialError.EmptyToken(what, source));
        }
        return CredentialExtractionResult.Success(PresentedCredential.Bearer(value, source));
    }
}
