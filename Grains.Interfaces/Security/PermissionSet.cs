using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Security;

/// <summary>
/// A set of granted permission names, with <c>*</c> and <c>resource:*</c> wildcards. Sets are
/// small and checked on every request, so membership is a hash lookup plus at most two more.
/// </summary>
[Immutable]
[JsonConverter(typeof(PermissionSetJsonConverter))]
public sealed class PermissionSet : IEquatable<PermissionSet>
{
    private readonly ImmutableHashSet<string> _names;

    private PermissionSet(ImmutableHashSet<string> names) => _names = names;

    public static PermissionSet Empty { get; } = new(ImmutableHashSet<string>.Empty.WithComparer(StringComparer.Ordinal));

    public static PermissionSet Everything { get; } = Of("*");

    public IReadOnlyCollection<string> Names => _names;

    public bool IsEmpty => _names.IsEmpty;

    /// <summary>Builds a set; throws <see cref="InvalidRequestException"/> naming any name outside the vocabulary.</summary>
    public static PermissionSet Of(IEnumerable<string> names)
    {
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var trimmed = name.Trim();
            if (!Permissions.IsGrantable(trimmed))
            {
                throw new InvalidRequestException($"'{name}' is not a permission. See docs/permissions.md for the vocabulary.");
            }
            builder.Add(trimmed);
        }
        return new PermissionSet(builder.ToImmutable());
    }

    public static PermissionSet Of(params string[] names) => Of((IEnumerable<string>)names);

    public bool Has(string permission)
    {
        if (_names.Contains(permission) || _names.Contains("*"))
        {
            return true;
        }
        var colon = permission.IndexOf(':');
        return colon > 0 && _names.Count > 0 && _names.Contains(string.Concat(permission.AsSpan(0, colon), ":*"));
    }

    /// <summary>
    /// The permissions held by both sets, expanded over the vocabulary so that wildcards on
    /// either side narrow correctly (<c>*</c> ∩ <c>devices:*</c> = the devices permissions).
    /// </summary>
    public PermissionSet Intersect(PermissionSet other)
    {
        if (_names.Contains("*"))
        {
            return other;
        }
        if (other._names.Contains("*"))
        {
            return this;
        }
        return new PermissionSet(Permissions.All.Keys.Where(p => Has(p) && other.Has(p)).ToImmutableHashSet(StringComparer.Ordinal));
    }

    public PermissionSet Union(PermissionSet other) => new(_names.Union(other._names));

    /// <summary>True when every permission in <paramref name="other"/> is also in this set.</summary>
    public bool Covers(PermissionSet other)
    {
        if (_names.Contains("*"))
        {
            return true;
        }
        if (other._names.Contains("*"))
        {
            return false;
        }
        return Permissions.All.Keys.All(p => !other.Has(p) || Has(p));
    }

    public bool Equals(PermissionSet? other) => other is not null && _names.SetEquals(other._names);

    public override bool Equals(object? obj) => Equals(obj as PermissionSet);

    public override int GetHashCode() => _names.Count;

    public override string ToString() => string.Join(' ', _names.Order(StringComparer.Ordinal));

    private sealed class PermissionSetJsonConverter : JsonConverter<PermissionSet>
    {
        public override PermissionSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Of(JsonSerializer.Deserialize<string[]>(ref reader, options) ?? []);

        public override void Write(Utf8JsonWriter writer, PermissionSet value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var name in value._names.Order(StringComparer.Ordinal))
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
        }
    }
}
