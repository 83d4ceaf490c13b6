using System.Buffers;
using System.Text.Json;
using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Serialization;

/// <summary>
/// Keeps grains from sharing mutable objects. In-process, arguments and results whose runtime
/// type is provably immutable pass by reference and the rest are deep-copied through the wire
/// format. With <c>SiloOptions.SerializeAllCalls</c>, everything takes the wire path by its
/// declared type, exactly as a call between silos will, exceptions included.
/// </summary>
internal sealed class CallCopier(JsonSerializerOptions jsonOptions, bool serializeAll)
{
    public bool SerializeAll => serializeAll;

    /// <summary>Returns the arguments the callee may own. May reuse <paramref name="arguments"/>, which belongs to this call.</summary>
    public object?[] CopyArguments(GrainInterfaceMethod method, object?[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            var value = arguments[i];
            if (value is null)
            {
                continue;
            }
            if (value is IAddressable and not GrainProxy)
            {
                throw new ArgumentException(
                    $"Argument {i} of {method.DisplayName} is a grain or observer object, not a reference. Pass AsReference<T>() or a reference from CreateObjectReference.");
            }
            if (serializeAll)
            {
                arguments[i] = RoundTrip(value, method.ParameterTypes[i]);
            }
            else if (!ImmutableTypes.IsImmutable(value.GetType()))
            {
                arguments[i] = RoundTrip(value, value.GetType());
            }
        }
        return arguments;
    }

    public TResult CopyResult<TResult>(TResult value)
    {
        if (value is null)
        {
            return value;
        }
        if (serializeAll)
        {
            return (TResult)RoundTrip(value, typeof(TResult))!;
        }
        return ImmutableTypes.IsImmutable(value.GetType()) ? value : (TResult)RoundTrip(value, value.GetType())!;
    }

    public Exception CopyException(Exception exception) =>
        serializeAll
            ? JsonSerializer.Deserialize<ExceptionEnvelope>(JsonSerializer.SerializeToUtf8Bytes(ExceptionEnvelope.From(exception), jsonOptions), jsonOptions)!.ToException()
            : exception;

    /// <summary>
    /// The arguments of a call to another silo, as a JSON array written by the declared parameter
    /// types: the same form <see cref="SerializeAll"/> round-trips in-process.
    /// </summary>
    public byte[] SerializeArguments(GrainInterfaceMethod method, object?[] arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < arguments.Length; i++)
            {
                var value = arguments[i];
                if (value is IAddressable and not GrainProxy)
                {
                    throw new ArgumentException(
                        $"Argument {i} of {method.DisplayName} is a grain or observer object, not a reference. Pass AsReference<T>() or a reference from CreateObjectReference.");
                }
                Wrap(value, () => JsonSerializer.Serialize(writer, value, method.ParameterTypes[i], jsonOptions));
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads what <see cref="SerializeArguments"/> wrote; throws <see cref="JsonException"/> for anything else.</summary>
    public object?[] DeserializeArguments(GrainInterfaceMethod method, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"The arguments of {method.DisplayName} must be a JSON array.");
        }
        var arguments = new object?[method.ParameterTypes.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"{method.DisplayName} takes {arguments.Length} arguments; fewer were sent.");
            }
            arguments[i] = JsonSerializer.Deserialize(ref reader, method.ParameterTypes[i], jsonOptions);
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"{method.DisplayName} takes {arguments.Length} arguments; more were sent.");
        }
        return arguments;
    }

    /// <summary>A call's result for the wire, by its declared type; empty for methods without one.</summary>
    public byte[] SerializeResult(Type? resultType, object? value) =>
        resultType is null ? [] : Wrap(value, () => JsonSerializer.SerializeToUtf8Bytes(value, resultType, jsonOptions));

    public TResult DeserializeResult<TResult>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<TResult>(json, jsonOptions)!;

    public byte[] SerializeException(Exception exception) =>
        JsonSerializer.SerializeToUtf8Bytes(ExceptionEnvelope.From(exception), jsonOptions);

    /// <summary>Recreates an exception sent by <see cref="SerializeException"/>, as <see cref="CopyException"/> does with <see cref="SerializeAll"/>.</summary>
    public Exception DeserializeException(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ExceptionEnvelope>(json, jsonOptions)?.ToException()
        ?? new GrainException(nameof(Exception), "The remote silo reported an error without details.");

    private static T Wrap<T>(object? value, Func<T> serialize)
    {
        try
        {
            return serialize();
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new NotSupportedException(
                $"A value of type {value?.GetType().FullName} cannot be sent to another silo: {exception.Message} Use serializable types.",
                exception);
        }
    }

    private static void Wrap(object? value, Action serialize) => Wrap(value, () => { serialize(); return 0; });

    private object? RoundTrip(object value, Type type)
    {
        try
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type, jsonOptions);
            return JsonSerializer.Deserialize(bytes, type, jsonOptions);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new NotSupportedException(
                $"A value of type {value.GetType().FullName} cannot be copied for a grain call: {exception.Message} Use serializable types or mark an immutable type [Immutable].",
                exception);
        }
    }
}
