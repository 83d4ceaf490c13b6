using System.Text;
using System.Text.Encodings.Web;
using Gatehouse.Gateway.Http.OAuth;

namespace Gatehouse.Gateway.Http.SecureRegistration;

/// <summary>
/// The page where a user pairs a secure device (seed 002, steps 8 to 14): log in, type the PIN the
/// device shows and the last 4 digits of its certificate's serial number, press Pair. Like the
/// consent page it is self-contained (one inline style by nonce, no scripts), sent with
/// <see cref="HtmlPageResult"/>'s headers, and encodes everything it echoes.
/// </summary>
public static class PairingPage
{
    public const string Path = "/pair";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static HtmlPageResult Form(string? error, string? username = null, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder();
        body.Append("<h1>Pair a secure device</h1>\n")
            .Append("<p>Your device shows a PIN. Log in, type the PIN and the last 4 digits of the serial number printed on the device's certificate, and press Pair. ")
            .Append("The device then finishes registering and becomes yours.</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" id=\"error\">").Append(Html.Encode(error)).Append("</p>\n");
        }
        body.Append("<form method=\"post\" action=\"").Append(Path).Append("\">\n")
            .Append("<label for=\"username\">Username</label>\n")
            .Append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"").Append(Html.Encode(username ?? "")).Append("\">\n")
            .Append("<label for=\"password\">Password</label>\n")
            .Append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n")
            .Append("<label for=\"pin\">PIN shown by the device</label>\n")
            .Append("<input id=\"pin\" name=\"pin\" autocomplete=\"off\" maxlength=\"8\" required>\n")
            .Append("<label for=\"serial\">Last 4 digits of the certificate serial number</label>\n")
            .Append("<input id=\"serial\" name=\"serial\" autocomplete=\"off\" maxlength=\"4\" required>\n")
            .Append("<div class=\"buttons\"><button type=\"submit\" id=\"pair\">Pair</button></div>\n")
            .Append("</form>\n");
        return Page("Pair a secure device", body.ToString(), status);
    }

    /// <summary>The password was right and the account uses two-factor login: the one-time code, with the rest of the form carried along.</summary>
    public static HtmlPageResult SecondFactor(string username, string challenge, string pin, string serial, string? error)
    {
        var body = new StringBuilder();
        body.Append("<h1>Pair a secure device</h1>\n<p>Your account uses two-factor login. Enter the code from your authenticator app, the code we sent by SMS, or a recovery code.</p>\n");
        if (error is not null)
        {
            body.Append("<p class=\"error\" role=\"alert\" id=\"error\">").Append(Html.Encode(error)).Append("</p>\n");
        }
        body.Append("<form method=\"post\" action=\"").Append(Path).Append("\">\n");
        foreach (var (name, value) in new[] { ("username", username), ("challenge", challenge), ("pin", pin), ("serial", serial) })
        {
            body.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(Html.Encode(value)).Append("\">\n");
        }
        body.Append("<label for=\"otp\">One-time code</label>\n")
            .Append("<input id=\"otp\" name=\"otp\" autocomplete=\"one-time-code\" required>\n")
            .Append("<div class=\"buttons\"><button type=\"submit\" id=\"pair\">Pair</button></div>\n")
            .Append("</form>\n");
        return Page("Pair a secure device", body.ToString(), StatusCodes.Status200OK);
    }

    public static HtmlPageResult Paired(string deviceTypeName, string vendorDeviceId)
    {
        var body = new StringBuilder();
        body.Append("<h1>Device paired</h1>\n<p id=\"done\">")
            .Append(Html.Encode(deviceTypeName)).Append(' ').Append(Html.Encode(vendorDeviceId))
            .Append(" is confirmed. It finishes registering by itself; you will find it among your devices.</p>\n");
        return Page("Device paired", body.ToString(), StatusCodes.Status200OK);
    }

    private static HtmlPageResult Page(string title, string body, int status)
    {
        var nonce = HtmlPageResult.NewNonce();
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{{Html.Encode(title)}}</title>
            <style nonce="{{nonce}}">
            body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
            label { display: block; font-weight: 600; margin-top: 1rem; }
            input { width: 100%; padding: .5rem; box-sizing: border-box; }
            .error { color: #a40000; font-weight: 600; }
            .buttons { margin-top: 1.5rem; }
            button { padding: .5rem 1.5rem; font-size: 1rem; }
            </style>
            </head>
            <body>
            {{body}}
            </body>
            </html>
            """;
        // The form posts to this server only.
        return new HtmlPageResult(status, html, nonce, redirectSource: "'self'");
    }
}
