using System.Globalization;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// One label set of an instrument and its aggregated value. The labels are kept twice: as the
/// measurement carried them (compared on the hot path by reference first, then by value) and as
/// sorted, stringified pairs for the exposition.
/// </summary>
internal abstract class MetricSeries
{
    private KeyValuePair<string, object?>[] _tags = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; private set; } = [];

    public void SetTags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _tags = tags.ToArray();
        Labels = _tags
            .Select(t => new KeyValuePair<string, string>(t.Key, Convert.ToString(t.Value, CultureInfo.InvariantCulture) ?? ""))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToArray();
    }

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var own = _tags;
        if (own.Length != tags.Length)
        {
            return false;
        }
        for (var i = 0; i < tags.Length; i++)
        {
            // Call sites pass their tags in one order, so the same index nearly always matches.
            if (!SameTag(own[i], tags[i]) && !ContainsTag(own, tags[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static bool ContainsTag(KeyValuePair<string, object?>[] own, KeyValuePair<string, object?> tag)
    {
        foreach (var candidate in own)
        {
            if (SameTag(candidate, tag))
            {
                return true;
            }
        }
        return false;
    }

    private static bool SameTag(KeyValuePair<string, object?> a, KeyValuePair<string, object?> b) =>
        string.Equals(a.Key, b.Key, StringComparison.Ordinal)
        && (ReferenceEquals(a.Value, b.Value) || Equals(a.Value, b.Value));
}
