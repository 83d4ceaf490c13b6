using System.Reflection;

namespace Gatehouse.Runtime.Activation;

/// <summary>What the runtime knows about one grain class, computed once at start-up.</summary>
internal sealed class GrainClassInfo
{
    public GrainClassInfo(Type grainClass)
    {
        GrainClass = grainClass;
        TypeName = grainClass.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(grainClass);
        IsReentrant = grainClass.GetCustomAttribute<ReentrantAttribute>() is not null;
        Interfaces = grainClass.GetInterfaces()
            .Where(i => typeof(IAddressable).IsAssignableFrom(i) && i != typeof(IAddressable) && i != typeof(IGrain)
                        && i != typeof(IGrainWithStringKey) && i != typeof(IGrainWithGuidKey) && i != typeof(IGrainWithIntegerKey))
            .ToArray();
    }

    public Type GrainClass { get; }

    /// <summary>The stable type name used in <see cref="GrainId"/>.</summary>
    public string TypeName { get; }

    public bool IsReentrant { get; }

    public Type[] Interfaces { get; }

    /// <summary>Built lazily by <see cref="GrainActivator"/>.</summary>
    public Func<ActivationData, Grain>? Factory { get; set; }

    private static string DefaultTypeName(Type grainClass)
    {
        var name = grainClass.Name;
        var backtick = name.IndexOf('`');
        if (backtick >= 0)
        {
            name = name[..backtick];
        }
        if (name.Length > "Grain".Length && name.EndsWith("Grain", StringComparison.Ordinal))
        {
            name = name[..^"Grain".Length];
        }
        return name.ToLowerInvariant();
    }
}
