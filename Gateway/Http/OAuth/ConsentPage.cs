using System.Text;
using System.Text.Encodings.Web;
using Gatehouse.Grains.Identity.OAuth;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// The authorization endpoint's HTML: the consent page (log in, choose what to share, Allow or
/// Deny), its second-factor step, and the error page shown when the request cannot be sent back
/// to the client. Self-contained (one inline style, no scripts, no external assets), so the
/// strict Content-Security-Policy of <see cref="HtmlPageResult"/> holds. Everything from the
/// request or the client's registration is HTML-encoded.
/// </summary>
public static class ConsentPage
{
    public const string Path = "/api/oauth/authorize";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>What the all-or-nothing scope means, in the words the user reads.</summary>
    private const string AllDescription = "Everything you can do in Gatehouse, as you: your devices, messages, keys and profile, and anything your roles allow.";

    /// <param name="chosen">The scopes to show ticked: all of them at first (IoT Open: the user unticks what not to share), the user's choice after an error.</param>
    public static HtmlPageResult PasswordStep(PendingAuthorization request, string formToken, IReadOnlyCollection<string> chosen, string? error, int status = StatusCodes.Status200OK)
    {
        var nonce = HtmlPageResult.NewNonce();
        var body = new StringBuilder();
        Intro(body, request);
        ErrorMessage(body, error);
        body.Append("<form method=\"post\" action=\"").Append(Path).Append("\">\n");
        Hidden(body, "form_token", formToken);
        body.Append("<label for=\"username\">Username</label>\n")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required>\n")
            .Append("<label for=\"password\">Password</label>\n")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n")
            .Append("<fieldset>\n<legend>Share with ").Append(Html.Encode(request.ClientName)).Append("</legend>\n");
        foreach (var scope in request.Scopes)
        {
            var id = "scope-" + scope.Replace(':', '-');
            body.Append("<div class=\"scope\"><input type=\"checkbox\" name=\"scope\" id=\"").Append(Html.Encode(id))
                .Append("\" value=\"").Append(Html.Encode(scope)).Append('"').Append(chosen.Contains(scope) ? " checked" : "").Append(">\n")
                .Append("<label for=\"").Append(Html.Encode(id)).Append("\"><code>").Append(Html.Encode(scope)).Append("</code> ")
                .Append(Html.Encode(Describe(scope))).Append("</label></div>\n");
        }
        body.Append("</fieldset>\n");
        Buttons(body);
        body.Append("</form>\n");
        return new HtmlPageResult(status, Document("Authorize " + request.ClientName, body.ToString(), nonce), nonce, CspSource(request.RedirectUri));
    }

    /// <summary>The password was right; a TOTP, SMS or recovery code finishes the login.</summary>
    public static HtmlPageResult SecondFactorStep(PendingAuthorization request, string formToken, string challengeToken, string? error)
    {
        var nonce = HtmlPageResult.NewNonce();
        var body = new StringBuilder();
        Intro(body, request);
        ErrorMessage(body, error);
        body.Append("<p>Your account uses two-factor login. Enter ")
            .Append(Html.Encode(string.Join(", or ", (request.SecondFactors.IsDefaultOrEmpty ? ["recovery"] : request.SecondFactors).Select(DescribeFactor))))
            .Append(".</p>\n<form method=\"post\" action=\"").Append(Path).Append("\">\n");
        Hidden(body, "form_token", formToken);
        Hidden(body, "challenge", challengeToken);
        body.Append("<label for=\"otp\">One-time code</label>\n")
            .Append("<input id=\"otp\" name=\"otp\" autocomplete=\"one-time-code\" required>\n")
            .Append("<p>You chose to share: ")
            .Append(Html.Encode(request.ChosenScopes.IsDefault ? "" : string.Join(", ", request.ChosenScopes)))
            .Append(".</p>\n");
        Buttons(body);
        body.Append("</form>\n");
        return new HtmlPageResult(StatusCodes.Status200OK, Document("Authorize " + request.ClientName, body.ToString(), nonce), nonce, CspSource(request.RedirectUri));
    }

    /// <summary>
    /// RFC 6749 §4.1.2.1: an unknown client or an unregistered redirect URI is told to the user,
    /// never sent anywhere, or the server would be an open redirector that leaks codes.
    /// </summary>
    public static HtmlPageResult Error(string message, int status = StatusCodes.Status400BadRequest)
    {
        var nonce = HtmlPageResult.NewNonce();
        var body = $"<h1>This authorization request cannot continue</h1>\n<p role=\"alert\">{Html.Encode(message)}</p>\n"
            + "<p>Go back to the application and start again. If this keeps happening, tell the application's developer.</p>\n";
        return new HtmlPageResult(status, Document("Authorization error", body, nonce), nonce, redirectSource: null);
    }

    /// <summary>
    /// The CSP source of the redirect target, for <c>form-action</c>: the origin of an http(s)
    /// URI, or the scheme of a private-use one (RFC 8252 §7.1). Registration refused every
    /// character that could break out of the header.
    /// </summary>
    public static string CspSource(string redirectUri)
    {
        var uri = new Uri(redirectUri);
        return uri.Scheme is "http" or "https" ? uri.GetLeftPart(UriPartial.Authority) : uri.Scheme + ":";
    }

    private static void Intro(StringBuilder body, PendingAuthorization request)
    {
        var target = new Uri(request.RedirectUri);
        var destination = target.Scheme is "http" or "https" ? target.Authority : target.Scheme + ":";
        body.Append("<h1>Authorize <span id=\"client-name\">").Append(Html.Encode(request.ClientName)).Append("</span></h1>\n")
            .Append("<p><strong>").Append(Html.Encode(request.ClientName))
            .Append("</strong> wants to act for you in Gatehouse. Log in, then choose what it may do: untick anything you do not want to share. ")
            .Append("It never sees your password. Afterwards you return to <strong>").Append(Html.Encode(destination)).Append("</strong>.</p>\n");
    }

    private static void ErrorMessage(StringBuilder body, string? error)
    {
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" id=\"error\">").Append(Html.Encode(error)).Append("</p>\n");
        }
    }

    private static void Hidden(StringBuilder body, string name, string value) =>
        body.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Html.Encode(value)).Append("\">\n");

    private static void Buttons(StringBuilder body) =>
        // Deny skips the browser's required-field checks: refusing needs no password.
        body.Append("<div class=\"buttons\"><button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\n")
            .Append("<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\" formnovalidate>Deny</button></div>\n");

    private static string Describe(string scope) =>
        scope == OAuthScope.All ? AllDescription : Permissions.All.TryGetValue(scope, out var description) ? description : "";

    private static string DescribeFactor(string factor) => factor switch
    {
        "totp" => "the code from your authenticator app",
        "sms" => "the code we just sent by SMS",
        "recovery" => "one of your recovery codes",
        _ => factor,
    };

    private static string Document(string title, string body, string nonce) =>
        $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>{{Html.Encode(title)}}</title>
        <style nonce="{{nonce}}">
        body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
        label, legend { display: block; font-weight: 600; margin-top: 1rem; }
        input:not([type]), input[type=password] { width: 100%; padding: .5rem; box-sizing: border-box; }
        fieldset { margin-top: 1rem; border: 1px solid #bbb; }
        .scope { display: flex; gap: .5rem; align-items: baseline; }
        .scope label { display: inline; font-weight: normal; margin-top: .4rem; }
        .error { color: #a40000; font-weight: 600; }
        .buttons { margin-top: 1.5rem; display: flex; gap: 1rem; }
        button { padding: .5rem 1.5rem; font-size: 1rem; }
        </style>
        </head>
        <body>
        {{body}}
        </body>
        </html>
        """;
}
