using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gatehouse.Runtime.Serialization;

/// <summary>
/// Lets a default (uninitialized) <see cref="ImmutableArray{T}"/> cross a serialized call. It is
/// the natural "not given" value of an optional parameter (<c>ImmutableArray&lt;string&gt; Scopes = default</c>),
/// and System.Text.Json throws on it; here it travels as JSON null and comes back default, so a
/// call behaves the same in-process and across silos.
/// </summary>
internal sealed class ImmutableArrayJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class Converter<T> : JsonConverter<ImmutableArray<T>>
    {
        public override bool HandleNull => true;

        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return default;
            }
            var items = JsonSerializer.Deserialize<T[]>(ref reader, options);
            return items is null ? default : ImmutableArray.Create(items);
        }

        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            if (value.IsDefault)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }
            writer.WriteEndArray();
        }
    }
}
