using System.Net;
using System.Text.RegularExpressions;

namespace Gatehouse.Identity.Tests.OAuth;

/// <summary>
/// The consent page's form as a test reads it from the HTML: the hidden fields, and each scope
/// checkbox with whether it is ticked. Parsed with plain patterns over the markup the page
/// renders, so a change to the page's structure shows here.
/// </summary>
public sealed partial record ConsentForm(string Html, IReadOnlyDictionary<string, string> Hidden, IReadOnlyList<(string Scope, bool Checked)> Scopes)
{
    public string FormToken => Hidden["form_token"];

    public static ConsentForm Parse(string html)
    {
        var hidden = HiddenInput().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value), StringComparer.Ordinal);
        var scopes = ScopeCheckbox().Matches(html).Select(m => (WebUtility.HtmlDecode(m.Groups["value"].Value), m.Groups["checked"].Success)).ToList();
        Assert.True(hidden.ContainsKey("form_token"), $"The page has no form_token field:\n{html}");
        return new ConsentForm(html, hidden, scopes);
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<input type=\"checkbox\" name=\"scope\" id=\"[^\"]+\" value=\"(?<value>[^\"]+)\"(?<checked> checked)?>")]
    private static partial Regex ScopeCheckbox();
}
