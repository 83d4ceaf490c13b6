using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Serialization;

/// <summary>
/// Writes a grain or observer reference as its grain id string (<c>"type/key"</c>) and reads it
/// back as a live reference of the declared interface, so references survive state storage and
/// the wire.
/// </summary>
internal sealed class GrainReferenceJsonConverterFactory(Func<SiloRuntime> runtime) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeof(IAddressable).IsAssignableFrom(typeToConvert) && (typeToConvert.IsInterface || typeof(GrainProxy).IsAssignableFrom(typeToConvert));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert), runtime)!;

    private sealed class Converter<TReference>(Func<SiloRuntime> runtime) : JsonConverter<TReference> where TReference : class
    {
        public override TReference? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }
            var grainId = GrainId.Parse(reader.GetString() ?? throw new JsonException("A grain reference must be a string."));
            var interfaceType = typeToConvert.IsInterface ? typeToConvert : throw new JsonException($"Cannot read a reference into {typeToConvert.Name}; declare the interface type.");
            return (TReference)runtime().GrainFactory.GetGrain(interfaceType, grainId);
        }

        public override void Write(Utf8JsonWriter writer, TReference value, JsonSerializerOptions options) =>
            writer.WriteStringValue(((IAddressable)value).GetGrainId().ToString());
    }
}
