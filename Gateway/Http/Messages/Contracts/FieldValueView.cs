using System.Text.Json;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;

namespace Gatehouse.Gateway.Http.Messages.Contracts;

/// <summary>The latest value of one field: its JSON value (number, string or boolean), the message's time and mid.</summary>
public sealed record FieldValueView(string Field, FieldType Type, JsonElement Value, DateTimeOffset Ts, long TsMs, string Mid)
{
    public static FieldValueView From(FieldValue value) =>
        new(value.Field, value.Type, Json(value), value.Timestamp, value.Timestamp.ToUnixTimeMilliseconds(), value.Mid);

    /// <summary>The value as JSON, so WoTKit's fields show it as sent.</summary>
    public static JsonElement Json(FieldValue value) => value.Type switch
    {
        FieldType.Number => JsonSerializer.SerializeToElement(value.Number),
        FieldType.Boolean => JsonSerializer.SerializeToElement(value.Boolean),
        _ => JsonSerializer.SerializeToElement(value.Text),
    };

    /// <summary>The value as a CSV cell.</summary>
    public static object? Cell(FieldValue value) => value.Type switch
    {
        FieldType.Number => value.Number,
        FieldType.Boolean => value.Boolean,
        _ => value.Text,
    };
}
