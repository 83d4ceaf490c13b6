using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Finds the one credential a request presents, or says why it cannot be used. It only parses;
/// the credential's grain verifies. docs/authentication.md describes the ways to present a
/// credential, their precedence and what happens on a conflict.
/// <para>
/// Every place is looked at, in order of precedence: the <c>Authorization</c> header, the
/// <c>x-auth-user</c>/<c>x-auth-token</c> headers, the query string, the form body. The same
/// credential in several places counts once, from the highest place. Two different credentials
/// are an error, never a choice: otherwise a proxy or script that adds a second credential
/// would change who the request runs as.
/// </para>
/// </summary>
public static class CredentialExtractor
{
    private const string FormMediaType = "application/x-www-form-urlencoded";

    /// <summary>
    /// Extracts the request's credential. Completes synchronously, without allocating beyond
    /// the extracted strings, unless the body is <c>application/x-www-form-urlencoded</c> and
    /// must be read; the form is then buffered by ASP.NET, so <c>Request.Form</c> and the raw
    /// body still read the same afterwards.
    /// </summary>
    public static ValueTask<CredentialExtractionResult> ExtractAsync(HttpRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = ExtractWithoutForm(request, out var formPending);
        return formPending
            ? ExtractFromFormAsync(request, result, ct)
            : new ValueTask<CredentialExtractionResult>(result);
    }

    /// <summary>
    /// The synchronous part: the headers and the query string. <paramref name="formPending"/>
    /// is true when the result so far is a success and a form body remains to be read.
    /// </summary>
    internal static CredentialExtractionResult ExtractWithoutForm(HttpRequest request, out bool formPending)
    {
        formPending = false;
        var headers = request.Headers;

        var result = AuthorizationHeaderParser.Parse(headers.Authorization);
        if (!result.Succeeded)
        {
            return result;
        }
        // Header names are case-insensitive (RFC 9110 §5.1); IHeaderDictionary looks them up so.
        result = Combine(result, PrincipalParser.Parse(headers[PrincipalParser.UserHeader], headers[PrincipalParser.TokenHeader], CredentialSource.AuthHeaders));
        if (!result.Succeeded)
        {
            return result;
        }
        // Request.Query parses and allocates; a request without a query string never touches it.
        if (request.QueryString.HasValue)
        {
            var query = request.Query;
            result = Combine(result, ParameterCredentialParser.Parse(
                query[ParameterCredentialParser.AccessTokenParameter],
                query[PrincipalParser.UserParameter],
                query[PrincipalParser.TokenParameter],
                CredentialSource.Query));
            if (!result.Succeeded)
            {
                return result;
            }
        }
        formPending = IsUrlEncodedForm(request.ContentType);
        return result;
    }

    /// <summary>
    /// Merges the credential found so far with the one found in the next place, in precedence
    /// order: the first error wins, an absent credential yields, identical credentials count
    /// once (keeping the earlier place), and different ones conflict.
    /// </summary>
    internal static CredentialExtractionResult Combine(in CredentialExtractionResult soFar, in CredentialExtractionResult next)
    {
        if (!soFar.Succeeded)
        {
            return soFar;
        }
        if (!next.Succeeded || soFar.Credential.IsNone)
        {
            return next;
        }
        if (next.Credential.IsNone || soFar.Credential.IsSameCredentialAs(next.Credential))
        {
            return soFar;
        }
        return CredentialExtractionResult.Failure(CredentialError.Conflicting(soFar.Credential, next.Credential));
    }

    private static async ValueTask<CredentialExtractionResult> ExtractFromFormAsync(HttpRequest request, CredentialExtractionResult soFar, CancellationToken ct)
    {
        // The quick check above accepts a few content types ASP.NET's stricter parser rejects
        // ("…urlencoded;;"); ReadFormAsync would throw for those, so they count as no form.
        if (!request.HasFormContentType)
        {
            return soFar;
        }
        // FormFeature rewinds a seekable body after reading the form, so buffering first keeps
        // the raw body readable for an endpoint that wants it (a signature over the body, say);
        // Request.Form itself is cached by ASP.NET either way. Skipped when the form is already read.
        if (request.HttpContext.Features.Get<IFormFeature>()?.Form is null)
        {
            request.EnableBuffering();
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // Thrown for a form beyond FormOptions' limits (value count, key or value length).
            return CredentialExtractionResult.Failure(CredentialError.MalformedForm());
        }
        return Combine(soFar, ParameterCredentialParser.Parse(
            form[ParameterCredentialParser.AccessTokenParameter],
            form[PrincipalParser.UserParameter],
            form[PrincipalParser.TokenParameter],
            CredentialSource.Form));
    }

    /// <summary>
    /// RFC 6750 §2.2 and RFCx allow form fields only in <c>application/x-www-form-urlencoded</c>
    /// bodies, with or without parameters such as charset. Multipart bodies are not read: that
    /// would buffer uploads on every request. A plain span comparison, not
    /// <c>HasFormContentType</c>, which parses (and allocates) on every request with a body.
    /// </summary>
    internal static bool IsUrlEncodedForm(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var value = contentType.AsSpan().TrimStart(" \t");
        if (!value.StartsWith(FormMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var rest = value[FormMediaType.Length..].TrimStart(" \t");
        return rest.IsEmpty || rest[0] == ';';
    }
}
