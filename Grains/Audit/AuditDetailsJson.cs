using System.Collections.Immutable;
using System.Text.Json;

namespace Gatehouse.Grains.Audit;

/// <summary>How the SQL stores keep <see cref="AuditEvent.Details"/>: a JSON object of strings, or NULL when empty.</summary>
internal static class AuditDetailsJson
{
    public static string? Write(ImmutableDictionary<string, string> details)
        => details.IsEmpty ? null : JsonSerializer.Serialize(details);

    public static ImmutableDictionary<string, string> Read(string? json)
        => string.IsNullOrEmpty(json)
            ? ImmutableDictionary<string, string>.Empty
            : JsonSerializer.Deserialize<ImmutableDictionary<string, string>>(json) ?? ImmutableDictionary<string, string>.Empty;
}
