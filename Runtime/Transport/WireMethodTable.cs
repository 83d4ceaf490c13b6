using System.Collections.Concurrent;
using Gatehouse.Runtime.Invocation;

namespace Gatehouse.Runtime.Transport;

/// <summary>
/// Names grain methods on the wire and finds them again: the interface as
/// <c>"Namespace.IName, Assembly"</c> and the method as <c>"Name(ParamType,…)"</c>, so overloads
/// stay apart and a mismatch between silo versions is an error rather than a wrong call. Only
/// interfaces in assemblies already loaded are looked up; a frame cannot make a silo load code.
/// </summary>
internal sealed class WireMethodTable
{
    private readonly ConcurrentDictionary<GrainInterfaceMethod, (string Interface, string Method)> _names = new();
    private readonly ConcurrentDictionary<(string Interface, string Method), GrainInterfaceMethod> _methods = new();

    public (string Interface, string Method) NameOf(GrainInterfaceMethod method) =>
        _names.GetOrAdd(method, static m => (
            $"{m.Method.DeclaringType!.FullName}, {m.Method.DeclaringType.Assembly.GetName().Name}",
            $"{m.Method.Name}({string.Join(",", m.ParameterTypes.Select(t => t.FullName ?? t.Name))})"));

    public GrainInterfaceMethod? Find(string interfaceName, string methodName)
    {
        if (_methods.TryGetValue((interfaceName, methodName), out var known))
        {
            return known;
        }
        // Only names that resolve are kept, so a peer sending made-up names cannot grow the table.
        var resolved = Resolve(interfaceName, methodName);
        if (resolved is not null)
        {
            _methods[(interfaceName, methodName)] = resolved;
        }
        return resolved;
    }

    private static GrainInterfaceMethod? Resolve(string interfaceName, string methodName)
    {
        var comma = interfaceName.LastIndexOf(',');
        if (comma <= 0)
        {
            return null;
        }
        var typeName = interfaceName[..comma].Trim();
        var assemblyName = interfaceName[(comma + 1)..].Trim();
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == assemblyName);
        var type = assembly?.GetType(typeName, throwOnError: false);
        if (type is null || !type.IsInterface || !typeof(IAddressable).IsAssignableFrom(type))
        {
            return null;
        }
        var info = GrainInterfaceInfo.For(type);
        var table = new WireMethodTable();
        return info.Methods.FirstOrDefault(m => m.Method.DeclaringType == type && table.NameOf(m).Method == methodName);
    }
}
