using System.Net.Http.Headers;
using System.Text;

namespace Gatehouse.Tests.Hosting;

/// <summary>
/// The ways a client presents a credential (docs/authentication.md), each as a change to a request
/// before it is sent, so a test names the presentation it exercises and nothing else differs.
/// </summary>
public static class Present
{
    public static Action<HttpRequestMessage> Bearer(string token) =>
        request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    /// <summary>RFC 7617: base64 of UTF-8 "id:secret" (WoTKit username/password or key id/key password).</summary>
    public static Action<HttpRequestMessage> Basic(string id, string secret) =>
        request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    /// <summary>RFCx's preferred form: <c>x-auth-user: type/guid</c> and <c>x-auth-token</c>.</summary>
    public static Action<HttpRequestMessage> AuthHeaders(string user, string token) => request =>
    {
        request.Headers.Add("x-auth-user", user);
        request.Headers.Add("x-auth-token", token);
    };

    /// <summary>RFC 6750 §2.3 and EVRYTHNG: <c>?access_token=</c>.</summary>
    public static Action<HttpRequestMessage> AccessTokenQuery(string token) =>
        request => AppendQuery(request, ("access_token", token));

    /// <summary>RFCx query form: <c>?auth_user=…&amp;auth_token=…</c>.</summary>
    public static Action<HttpRequestMessage> AuthQuery(string user, string token) =>
        request => AppendQuery(request, ("auth_user", user), ("auth_token", token));

    /// <summary>An <c>application/x-www-form-urlencoded</c> body with these fields (RFC 6750 §2.2, RFCx form parameters).</summary>
    public static Action<HttpRequestMessage> Form(params (string Name, string Value)[] fields) =>
        request => request.Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Several presentations on one request, for conflict and duplicate cases.</summary>
    public static Action<HttpRequestMessage> All(params Action<HttpRequestMessage>[] parts) => request =>
    {
        foreach (var part in parts)
        {
            part(request);
        }
    };

    private static void AppendQuery(HttpRequestMessage request, params (string Name, string Value)[] parameters)
    {
        var uri = request.RequestUri!.OriginalString;
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        request.RequestUri = new Uri(uri + (uri.Contains('?') ? "&" : "?") + query, UriKind.RelativeOrAbsolute);
    }
}
