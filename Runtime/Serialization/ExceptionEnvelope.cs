using System.Reflection;

namespace Gatehouse.Runtime.Serialization;

/// <summary>
/// How an exception crosses a serialized call: its type name and message. On the receiving side
/// it is recreated as the same type when that type is loadable and has a (string) constructor,
/// and as <see cref="GrainException"/> naming the original type otherwise.
/// </summary>
internal sealed record ExceptionEnvelope(string TypeName, string Message, string? RemoteStackTrace)
{
    public static ExceptionEnvelope From(Exception exception) =>
        new(exception.GetType().AssemblyQualifiedName ?? exception.GetType().FullName!, exception.Message, exception.StackTrace);

    public Exception ToException()
    {
        var type = Type.GetType(TypeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type))
        {
            var constructor = type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]);
            if (constructor?.Invoke([Message]) is Exception recreated)
            {
                return recreated;
            }
        }
        return new GrainException(TypeName.Split(',')[0], Message);
    }
}
