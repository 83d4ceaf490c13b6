using System.Collections.Frozen;
using System.Reflection;

namespace Gatehouse.Runtime.Activation;

/// <summary>
/// Maps grain interfaces and grain type names to grain classes. Built once from the classes the
/// silo builder registered; ambiguity (two classes for one interface, two classes with one type
/// name) is an error at start-up rather than a surprise at call time.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainClassInfo> _byTypeName;
    private readonly FrozenDictionary<Type, GrainClassInfo> _byInterface;
    private readonly FrozenSet<Type> _ambiguousInterfaces;

    public GrainTypeRegistry(IEnumerable<Type> grainClasses)
    {
        var byTypeName = new Dictionary<string, GrainClassInfo>(StringComparer.Ordinal);
        var candidates = new Dictionary<Type, List<GrainClassInfo>>();
        foreach (var grainClass in grainClasses.Distinct())
        {
            var info = new GrainClassInfo(grainClass);
            if (byTypeName.TryGetValue(info.TypeName, out var existing))
            {
                throw new InvalidOperationException(
                    $"Grain classes {existing.GrainClass.FullName} and {grainClass.FullName} both have the grain type name '{info.TypeName}'. Give one a [GrainType] name.");
            }
            byTypeName[info.TypeName] = info;
            foreach (var grainInterface in info.Interfaces)
            {
                (candidates.TryGetValue(grainInterface, out var list) ? list : candidates[grainInterface] = []).Add(info);
            }
        }

        // An interface served by several classes resolves to the one every other derives from
        // (a base grain and its specializations); otherwise it is ambiguous.
        var byInterface = new Dictionary<Type, GrainClassInfo>();
        var ambiguous = new HashSet<Type>();
        foreach (var (grainInterface, list) in candidates)
        {
            var root = list.FirstOrDefault(c => list.All(other => c.GrainClass.IsAssignableFrom(other.GrainClass)));
            if (root is null)
            {
                ambiguous.Add(grainInterface);
            }
            else
            {
                byInterface[grainInterface] = root;
            }
        }
        _byTypeName = byTypeName.ToFrozenDictionary(StringComparer.Ordinal);
        _byInterface = byInterface.ToFrozenDictionary();
        _ambiguousInterfaces = ambiguous.ToFrozenSet();
    }

    public IEnumerable<GrainClassInfo> Classes => _byTypeName.Values;

    public GrainClassInfo GetByInterface(Type grainInterface)
    {
        if (_byInterface.TryGetValue(grainInterface, out var info))
        {
            return info;
        }
        if (_ambiguousInterfaces.Contains(grainInterface))
        {
            throw new ArgumentException(
                $"More than one grain class implements {grainInterface.FullName}; get the grain by GrainId to choose one.");
        }
        throw new ArgumentException($"No registered grain class implements {grainInterface.FullName}. Register its assembly with AddGrainsFromAssembly.");
    }

    public GrainClassInfo GetByTypeName(string typeName) =>
        _byTypeName.TryGetValue(typeName, out var info)
            ? info
            : throw new ArgumentException($"No grain class has the grain type name '{typeName}'.");

    public static IEnumerable<Type> FindGrainClasses(Assembly assembly) =>
        assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(Grain).IsAssignableFrom(t));
}
