using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;

namespace Gatehouse.Runtime.Invocation;

/// <summary>The methods of one grain or observer interface, including those it inherits.</summary>
internal sealed class GrainInterfaceInfo
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> Cache = new();

    private readonly FrozenDictionary<MethodInfo, GrainInterfaceMethod> _methods;

    private GrainInterfaceInfo(Type interfaceType)
    {
        if (!interfaceType.IsInterface || !typeof(IAddressable).IsAssignableFrom(interfaceType))
        {
            throw new ArgumentException($"{interfaceType.FullName} is not a grain or observer interface.");
        }
        InterfaceType = interfaceType;
        _methods = new[] { interfaceType }.Concat(interfaceType.GetInterfaces())
            .SelectMany(i => i.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Distinct()
            .ToFrozenDictionary(m => m, m => new GrainInterfaceMethod(m));
    }

    public Type InterfaceType { get; }

    public IEnumerable<GrainInterfaceMethod> Methods => _methods.Values;

    public static GrainInterfaceInfo For(Type interfaceType) => Cache.GetOrAdd(interfaceType, static t => new GrainInterfaceInfo(t));

    public GrainInterfaceMethod GetMethod(MethodInfo method) =>
        _methods.TryGetValue(method, out var info)
            ? info
            : throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} is not a method of {InterfaceType.Name}.");
}
