using Microsoft.Extensions.Primitives;

namespace Gatehouse.Gateway.Http.OAuth;

/// <summary>
/// The parameters of an OAuth2 request, from its query string or urlencoded form, read the way
/// RFC 6749 §3.1 and §3.2 say: a parameter sent without a value counts as absent, and a parameter
/// sent twice makes the request invalid rather than letting either copy win.
/// </summary>
public sealed class OAuthParameters(IEnumerable<KeyValuePair<string, StringValues>> source)
{
    private readonly Dictionary<string, StringValues> _values = source.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The form of a urlencoded request body; null when the body is not one (or is beyond the form limits).</summary>
    public static async Task<OAuthParameters?> ReadFormAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true)
        {
            return null;
        }
        try
        {
            return new OAuthParameters(await request.ReadFormAsync(request.HttpContext.RequestAborted));
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The single value of <paramref name="name"/>; null when absent or empty (§3.1).</summary>
    public string? this[string name] =>
        _values.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>Every non-empty value of a parameter a form may repeat on purpose (checkboxes).</summary>
    public IReadOnlyList<string> All(string name) =>
        _values.TryGetValue(name, out var values) ? [.. values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)] : [];

    /// <summary>The first of <paramref name="names"/> given more than once, or null.</summary>
    public string? FirstRepeated(params string[] names) =>
        names.FirstOrDefault(name => _values.TryGetValue(name, out var values) && values.Count > 1);

    public bool Has(string name) => this[name] is not null;
}
