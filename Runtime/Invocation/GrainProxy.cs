using System.Reflection;
using Gatehouse.Runtime.Activation;

namespace Gatehouse.Runtime.Invocation;

/// <summary>
/// A grain reference: the object that <see cref="IGrainFactory.GetGrain{TGrainInterface}(string)"/>
/// returns, implementing the grain interface by turning each call into a request. References
/// are equal when they name the same grain, whatever interface they were obtained through.
/// </summary>
/// <remarks>Public only because <see cref="DispatchProxy"/> requires it; not part of the API.</remarks>
public class GrainProxy : DispatchProxy
{
    private GrainInterfaceInfo _interface = null!;
    private SiloRuntime _runtime = null!;

    internal GrainId GrainId { get; private set; }

    internal Type InterfaceType => _interface.InterfaceType;

    /// <summary>The activation the last call reached; saves a catalog lookup while it stays valid.</summary>
    internal ActivationData? CachedActivation { get; set; }

    internal void Initialize(GrainId grainId, GrainInterfaceInfo grainInterface, SiloRuntime runtime)
    {
        GrainId = grainId;
        _interface = grainInterface;
        _runtime = runtime;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var method = _interface.GetMethod(targetMethod!);
        return _runtime.Invoker.Invoke(this, method, args ?? []);
    }

    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"GrainReference:{GrainId}";
}
