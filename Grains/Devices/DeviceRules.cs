using System.Collections.Immutable;
using System.Text.Json;

namespace Gatehouse.Grains.Devices;

/// <summary>What a device's descriptive data may hold. Each rule fails with a message naming the bad part.</summary>
internal static class DeviceRules
{
    public const int MaxProperties = 100;
    public const int MaxTags = 50;
    public const int MaxFields = 100;

    public static string Name(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= 200
            ? name.Trim()
            : throw new InvalidRequestException("A device needs a name of 1 to 200 characters.");

    public static string? Handle(string? handle)
    {
        if (handle is null)
        {
            return null;
        }
        var ok = handle.Length is > 0 and <= 64 && handle.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
        return ok ? handle : throw new InvalidRequestException("A handle has 1 to 64 lowercase letters, digits, '_' or '-'.");
    }

    public static GeoLocation? Location(GeoLocation? location) =>
        location is null || (location.Latitude is >= -90 and <= 90 && location.Longitude is >= -180 and <= 180
            && double.IsFinite(location.Latitude) && double.IsFinite(location.Longitude))
            ? location
            : throw new InvalidRequestException("A location needs latitude in [-90, 90] and longitude in [-180, 180].");

    public static List<string> Tags(ImmutableArray<string> tags)
    {
        var list = tags.IsDefault ? [] : tags.Select(t => t?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > MaxTags || list.Any(t => t.Length is 0 or > 100))
        {
            throw new InvalidRequestException($"At most {MaxTags} tags of 1 to 100 characters.");
        }
        return list;
    }

    /// <summary>Merges <paramref name="changes"/> into <paramref name="properties"/>; a JSON null removes a property.</summary>
    public static void MergeProperties(Dictionary<string, JsonElement> properties, IReadOnlyDictionary<string, JsonElement>? changes)
    {
        foreach (var (name, value) in changes ?? ImmutableDictionary<string, JsonElement>.Empty)
        {
            if (name.Length is 0 or > 100)
            {
                throw new InvalidRequestException("A property name has 1 to 100 characters.");
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                properties.Remove(name);
            }
            else
            {
                properties[name] = value.Clone();
            }
        }
        if (properties.Count > MaxProperties)
        {
            throw new InvalidRequestException($"A device has at most {MaxProperties} properties.");
        }
    }

    public static List<FieldDefinition> Fields(ImmutableArray<FieldDefinition> fields)
    {
        var list = fields.IsDefault ? [] : fields.ToList();
        if (list.Count > MaxFields)
        {
            throw new InvalidRequestException($"A device has at most {MaxFields} fields.");
        }
        foreach (var field in list)
        {
            if (field.Name is not { Length: > 0 and <= 64 } || !field.Name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new InvalidRequestException($"Field name '{field.Name}' must have 1 to 64 letters, digits or '_'.");
            }
        }
        var duplicate = list.GroupBy(f => f.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? list : throw new InvalidRequestException($"Field '{duplicate.Key}' is defined twice.");
    }
}
