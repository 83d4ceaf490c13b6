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
