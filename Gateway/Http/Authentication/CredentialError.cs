namespace Gatehouse.Gateway.Http.Authentication;

/// <summary>
/// Why the credentials of a request cannot be used, with a message meant for the client's
/// developer. Messages name headers, parameters and schemes but never echo a token, a secret
/// or anything that might be one (a client that forgot the scheme sends its token as the
/// "scheme"), because error bodies end up in logs.
/// </summary>
public sealed class CredentialError
{
    private CredentialError(CredentialErrorReason reason, string message, CredentialSource source, CredentialSource conflictingSource = CredentialSource.None)
    {
        Reason = reason;
        Message = message;
        Source = source;
        ConflictingSource = conflictingSource;
    }

    public CredentialErrorReason Reason { get; }

    /// <summary>What is wrong and how to fix it, for the problem details body.</summary>
    public string Message { get; }

    /// <summary>Where the problem is; for a conflict, the higher-precedence of the two places.</summary>
    public CredentialSource Source { get; }

    /// <summary>For <see cref="CredentialErrorReason.ConflictingCredentials"/>, the other place; otherwise <see cref="CredentialSource.None"/>.</summary>
    public CredentialSource ConflictingSource { get; }

    /// <summary>
    /// The status to answer with. Everything is 400 except an unsupported scheme:
    /// <list type="bullet">
    /// <item>Conflicts, repeats and malformed values are 400: RFC 6750 §3.1 names exactly these
    /// ("malformed", "repeats the same parameter", "uses more than one method for including an
    /// access token") as <c>invalid_request</c>, answered with 400. The request is broken, and
    /// retrying it with other credentials would not help, so 401 would mislead.</item>
    /// <item><see cref="CredentialErrorReason.UnsupportedAuthorizationScheme"/> is 401 with
    /// <c>WWW-Authenticate: Bearer, Basic realm="gatehouse", charset="UTF-8"</c>: the header is
    /// well-formed HTTP, the client simply offered a scheme we do not accept, and RFC 9110
    /// §11.6.1 / §15.5.2 make a 401 challenge the way to tell a client which schemes to retry
    /// with; HTTP libraries that negotiate (curl --anyauth) act on it, and they do not on 400.</item>
    /// </list>
    /// </summary>
    public int StatusCode => Reason switch
    {
        CredentialErrorReason.UnsupportedAuthorizationScheme => 401,
        _ => 400,
    };

    public override string ToString() => $"{Reason}: {Message}";

    internal static CredentialError Conflicting(in PresentedCredential kept, in PresentedCredential other) =>
        new(CredentialErrorReason.ConflictingCredentials,
            $"The request presents two different credentials: {Describe(kept)} and {Describe(other)}. Send one.",
            kept.Source,
            other.Source);

    internal static CredentialError MalformedAuthorization(string why) =>
        new(CredentialErrorReason.MalformedAuthorizationHeader, $"The Authorization header {why}", CredentialSource.AuthorizationHeader);

    internal static CredentialError UnsupportedScheme() =>
        new(CredentialErrorReason.UnsupportedAuthorizationScheme,
            "The Authorization header uses a scheme Gatehouse does not accept. Use 'Bearer <token>' or 'Basic <base64 of id:secret>'.",
            CredentialSource.AuthorizationHeader);

    internal static CredentialError MalformedBasic(string why) =>
        new(CredentialErrorReason.MalformedBasicCredentials,
            $"The Basic credentials {why} They must be the base64 encoding of 'id:secret' in UTF-8 (RFC 7617 §2).",
            CredentialSource.AuthorizationHeader);

    internal static CredentialError EmptyToken(string what, CredentialSource source) =>
        new(CredentialErrorReason.EmptyToken, $"{Capitalize(what)} is present but empty. Send the token, or leave it out.", source);

    internal static CredentialError IncompletePrincipal(CredentialSource source) =>
        new(CredentialErrorReason.IncompletePrincipal,
            source == CredentialSource.AuthHeaders
                ? "The x-auth-user and x-auth-token headers must be sent together; the request has only one of them."
                : $"The auth_user and auth_token {PlaceOfParameters(source)} must be sent together; the request has only one of them.",
            source);

    internal static CredentialError UnknownPrincipalType(string where, ReadOnlySpan<char> type, CredentialSource source) =>
        new(CredentialErrorReason.UnknownPrincipalType,
            IsShowable(type)
                ? $"{Capitalize(where)} names the principal type '{type}', which is not one of guardian, user, token or register."
                : $"{Capitalize(where)} names a principal type that is not one of guardian, user, token or register.",
            source);

    internal static CredentialError MalformedPrincipal(string where, string why, CredentialSource source) =>
        new(CredentialErrorReason.MalformedPrincipal, $"{Capitalize(where)} must be '[user_type]/[user_guid]'; {why}", source);

    internal static CredentialError Repeated(string what, CredentialSource source) =>
        new(CredentialErrorReason.RepeatedParameter, $"{Capitalize(what)} is given more than once. Send it once.", source);

    internal static CredentialError MalformedForm() =>
        new(CredentialErrorReason.MalformedForm,
            "The application/x-www-form-urlencoded body could not be read: it exceeds the form limits or is not valid form encoding.",
            CredentialSource.Form);

    /// <summary>"the access_token query parameter", "Authorization: Basic", …: where and how a credential was presented.</summary>
    internal static string Describe(in PresentedCredential credential) => (credential.Source, credential.Kind) switch
    {
        (CredentialSource.AuthorizationHeader, PresentedCredentialKind.Basic) => "Authorization: Basic",
        (CredentialSource.AuthorizationHeader, _) => "Authorization: Bearer",
        (CredentialSource.AuthHeaders, _) => "the x-auth-user/x-auth-token headers",
        (_, PresentedCredentialKind.Principal) => $"the auth_user/auth_token {PlaceOfParameters(credential.Source)}",
        (CredentialSource.Query, _) => "the access_token query parameter",
        _ => "the access_token form field",
    };

    private static string PlaceOfParameters(CredentialSource source) =>
        source == CredentialSource.Query ? "query parameters" : "form fields";

    // A principal type is shown back only when it looks like a type name: short and plain. A
    // client that put its token in the wrong place must not see it copied into an error body.
    private static bool IsShowable(ReadOnlySpan<char> type)
    {
        if (type.Length is 0 or > 20)
        {
            return false;
        }
        foreach (var c in type)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }
        return true;
    }

    private static string Capitalize(string text) =>
        text.Length > 0 && char.IsAsciiLetterLower(text[0]) ? string.Concat(char.ToUpperInvariant(text[0]).ToString(), text.AsSpan(1)) : text;
}
