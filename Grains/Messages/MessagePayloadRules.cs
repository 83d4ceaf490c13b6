using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Grains.Devices;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// What a message may hold, and the field values it contributes to the device's data series.
/// <para>
/// Any JSON value is a valid payload (ARTIK's WebSocket example sends a string). When it is an
/// object, its scalar members are field values: numbers, booleans and strings, with members of
/// nested objects named by dotted paths (<c>{"gps":{"lat":1}}</c> gives <c>gps.lat</c>); arrays
/// and nulls are stored but are no series. A device with typed fields (WoTKit) also gets its
/// types enforced: a declared field must have its declared type, a required field must be there,
/// and the payload must be an object. Undeclared members are accepted. Every rule fails with a
/// message naming the field, before anything is stored.
/// </para>
/// </summary>
public static class MessagePayloadRules
{
    /// <summary>Largest payload, in UTF-8 bytes of its JSON text.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    /// <summary>Most field values one message may contribute.</summary>
    public const int MaxFieldsPerMessage = 200;

    /// <summary>Deepest object nesting that still yields fields; deeper members are stored only.</summary>
    public const int MaxFieldDepth = 4;

    /// <summary>A field name's longest dotted path.</summary>
    public const int MaxFieldNameLength = 200;

    /// <summary>How far ahead of the server clock a device timestamp may be (clock skew).</summary>
    public static TimeSpan MaxClockAhead { get; } = TimeSpan.FromDays(1);

    /// <summary>The earliest device timestamp accepted.</summary>
    public static DateTimeOffset EarliestTimestamp { get; } = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Validates <paramref name="message"/> for a device with <paramref name="declared"/> fields; returns its field values.</summary>
    /// <exception cref="InvalidRequestException">The payload or timestamp breaks a rule; the message says which.</exception>
    public static ImmutableArray<FieldSample> Extract(NewMessage message, IReadOnlyList<FieldDefinition> declared, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.PayloadJson is null || System.Text.Encoding.UTF8.GetByteCount(message.PayloadJson) > MaxPayloadBytes)
        {
            throw new InvalidRequestException(message.PayloadJson is null
                ? "A message needs data."
                : $"A message's data may have at most {MaxPayloadBytes} bytes of JSON.");
        }
        if (message.DeviceTimestamp is { } ts && (ts < EarliestTimestamp || ts > now + MaxClockAhead))
        {
            throw new InvalidRequestException($"The message timestamp {ts:O} is not plausible: it must be after {EarliestTimestamp:yyyy-MM-dd} and at most {MaxClockAhead.TotalHours:0} h ahead of server time.");
        }

        if (!IsStorable(message.PayloadJson))
        {
            throw new InvalidRequestException("A message's data may not contain U+0000 or unpaired surrogates.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.PayloadJson, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException exception)
        {
            throw new InvalidRequestException($"A message's data must be JSON: {exception.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                if (declared.Count > 0)
                {
                    throw new InvalidRequestException($"This device has typed fields, so its data must be a JSON object, not {Describe(root.ValueKind)}.");
                }
                return [];
            }
            Check(root, declared);
            var samples = ImmutableArray.CreateBuilder<FieldSample>();
            try
            {
                Collect(root, prefix: null, depth: 1, samples);
            }
            catch (InvalidOperationException exception) when (exception.InnerException is null or System.Text.DecoderFallbackException or ArgumentException)
            {
                // What JsonElement throws for a string escape that decodes to an unpaired surrogate ("\ud800").
                throw new InvalidRequestException("A field of this message holds an unpaired surrogate (a lone \\ud800 to \\udfff escape), which no store can keep as text.");
            }
            return samples.DrainToImmutable();
        }
    }

    private static void Collect(JsonElement element, string? prefix, int depth, ImmutableArray<FieldSample>.Builder samples)
    {
        foreach (var member in element.EnumerateObject())
        {
            var name = prefix is null ? member.Name : $"{prefix}.{member.Name}";
            if (member.Name.Length == 0 || name.Length > MaxFieldNameLength)
            {
                throw new InvalidRequestException(member.Name.Length == 0
                    ? "A field name may not be empty."
                    : $"The field name '{name[..40]}…' is longer than {MaxFieldNameLength} characters.");
            }
            if (!IsStorable(name))
            {
                throw new InvalidRequestException("A field name may not contain U+0000 or unpaired surrogates (\\u0000, lone \\ud800).");
            }
            var value = member.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    var number = value.GetDouble();
                    if (!double.IsFinite(number))
                    {
                        throw new InvalidRequestException($"Field '{name}' is a number too large to store.");
                    }
                    Add(samples, FieldSample.OfNumber(name, number));
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    Add(samples, FieldSample.OfBoolean(name, value.GetBoolean()));
                    break;
                case JsonValueKind.String:
                    var text = value.GetString()!;
                    if (!IsStorable(text))
                    {
                        throw new InvalidRequestException($"Field '{name}' holds U+0000 or an unpaired surrogate, which no store can keep as text.");
                    }
                    Add(samples, FieldSample.OfText(name, text));
                    break;
                case JsonValueKind.Object when depth < MaxFieldDepth:
                    Collect(value, name, depth + 1, samples);
                    break;
            }
        }
    }

    // PostgreSQL text cannot hold NUL and UTF-8 cannot encode a lone surrogate; one such value
    // would fail the whole batch it is committed in, other devices' messages with it.
    private static bool IsStorable(string text)
    {
        var span = text.AsSpan();
        if (span.Contains('\0'))
        {
            return false;
        }
        if (span.IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return true;
        }
        while (!span.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf16(span, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            span = span[consumed..];
        }
        return true;
    }

    private static void Add(ImmutableArray<FieldSample>.Builder samples, FieldSample sample)
    {
        if (samples.Count == MaxFieldsPerMessage)
        {
            throw new InvalidRequestException($"A message may have at most {MaxFieldsPerMessage} field values.");
        }
        samples.Add(sample);
    }

    // Declared field names have no dots (DeviceRules.Fields), so each is a top-level member.
    private static void Check(JsonElement root, IReadOnlyList<FieldDefinition> declared)
    {
        foreach (var field in declared)
        {
            if (!root.TryGetProperty(field.Name, out var value))
            {
                if (field.Required)
                {
                    throw new InvalidRequestException($"Field '{field.Name}' is required.");
                }
                continue;
            }
            var matches = field.Type switch
            {
                FieldType.Number => value.ValueKind == JsonValueKind.Number,
                FieldType.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                _ => value.ValueKind == JsonValueKind.String,
            };
            if (!matches)
            {
                throw new InvalidRequestException($"Field '{field.Name}' is {Describe(field.Type)}, but the message has {Describe(value.ValueKind)}.");
            }
        }
    }

    private static string Describe(FieldType type) => type switch
    {
        FieldType.Number => "a NUMBER",
        FieldType.Boolean => "a BOOLEAN",
        _ => "a STRING",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
