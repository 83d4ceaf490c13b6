using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Serialization;

/// <summary>
/// Decides which values may cross a grain call by reference. A type qualifies when it is a
/// well-known immutable type, carries <see cref="ImmutableAttribute"/>, is a grain reference, or
/// can be proven immutable: every instance field (including inherited and compiler-generated
/// ones, so positional records qualify) is readonly and of a type that itself qualifies and
/// cannot hold a mutable subclass. Anything unproven is copied. Answers are cached per type.
/// </summary>
internal static class ImmutableTypes
{
    private static readonly ConcurrentDictionary<Type, bool> Cache = new();

    private static readonly HashSet<Type> KnownImmutable =
    [
        typeof(string), typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan),
        typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(Uri), typeof(Version), typeof(BigInteger),
        typeof(Int128), typeof(UInt128), typeof(Half), typeof(GrainId), typeof(object),
    ];

    private static readonly HashSet<Type> ImmutableGenericCollections =
    [
        typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>), typeof(ImmutableSortedSet<>),
        typeof(ImmutableDictionary<,>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),
        typeof(KeyValuePair<,>), typeof(Nullable<>),
    ];

    /// <summary>True when values of exactly this runtime type may be shared between grains.</summary>
    public static bool IsImmutable(Type type) => Cache.TryGetValue(type, out var known) ? known : Cache.GetOrAdd(type, Analyze(type, []));

    private static bool Analyze(Type type, HashSet<Type> visiting)
    {
        // `object` is listed as immutable only so that a bare `new object()` passes; a field typed
        // object can hold anything, which FieldTypeQualifies rules out.
        if (type.IsPrimitive || type.IsEnum || KnownImmutable.Contains(type))
        {
            return true;
        }
        if (type.GetCustomAttribute<ImmutableAttribute>(inherit: false) is not null)
        {
            return true;
        }
        if (typeof(GrainProxy).IsAssignableFrom(type))
        {
            return true;
        }
        if (type.IsGenericType && ImmutableGenericCollections.Contains(type.GetGenericTypeDefinition()))
        {
            return type.GetGenericArguments().All(a => FieldTypeQualifies(a, visiting));
        }
        if (type.IsArray || type.IsPointer || type.IsInterface || typeof(Delegate).IsAssignableFrom(type) || typeof(Exception).IsAssignableFrom(type))
        {
            return false;
        }
        if (!visiting.Add(type))
        {
            // A cycle is not provably immutable without more machinery than it is worth.
            return false;
        }
        try
        {
            for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
            {
                foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (!field.IsInitOnly || !FieldTypeQualifies(field.FieldType, visiting))
                    {
                        return false;
                    }
                }
            }
            return true;
        }
        finally
        {
            visiting.Remove(type);
        }
    }

    // A field's declared type must qualify for every value it could hold: value types and sealed
    // classes are what they say; an unsealed class could hold a mutable subclass.
    private static bool FieldTypeQualifies(Type fieldType, HashSet<Type> visiting)
    {
        if (fieldType == typeof(object))
        {
            return false;
        }
        if (fieldType.IsInterface)
        {
            return typeof(IAddressable).IsAssignableFrom(fieldType);
        }
        if (fieldType.IsClass && !fieldType.IsSealed && fieldType.GetCustomAttribute<ImmutableAttribute>(inherit: false) is null)
        {
            return false;
        }
        return Cache.TryGetValue(fieldType, out var known) ? known : Analyze(fieldType, visiting);
    }
}
