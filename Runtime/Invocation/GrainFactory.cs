using System.Globalization;
using System.Reflection;
using Gatehouse.Runtime.Observers;

namespace Gatehouse.Runtime.Invocation;

/// <summary>The runtime's <see cref="IGrainFactory"/>: makes references, never activations.</summary>
internal sealed class GrainFactory(SiloRuntime runtime) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        return (TGrainInterface)CreateReference(typeof(TGrainInterface), new GrainId(TypeNameOf(typeof(TGrainInterface)), key));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey =>
        (TGrainInterface)CreateReference(typeof(TGrainInterface), new GrainId(TypeNameOf(typeof(TGrainInterface)), key.ToString("N")));

    public TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey =>
        (TGrainInterface)CreateReference(typeof(TGrainInterface), new GrainId(TypeNameOf(typeof(TGrainInterface)), key.ToString(CultureInfo.InvariantCulture)));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable =>
        (TGrainInterface)GetGrain(typeof(TGrainInterface), grainId);

    public object GetGrain(Type interfaceType, GrainId grainId)
    {
        if (grainId.Type != ObserverRegistry.ObserverGrainType)
        {
            // Fail at reference time, not at first call, when the class cannot serve the interface.
            var classInfo = runtime.Registry.GetByTypeName(grainId.Type);
            if (!interfaceType.IsAssignableFrom(classInfo.GrainClass))
            {
                throw new ArgumentException($"Grain type '{grainId.Type}' ({classInfo.GrainClass.Name}) does not implement {interfaceType.Name}.");
            }
        }
        return CreateReference(interfaceType, grainId);
    }

    public TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver
    {
        if (observer is not TObserver)
        {
            throw new ArgumentException($"{observer.GetType().Name} does not implement {typeof(TObserver).Name}.", nameof(observer));
        }
        var grainId = runtime.Observers.Register(observer);
        return (TObserver)CreateReference(typeof(TObserver), grainId);
    }

    public void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver =>
        runtime.Observers.Unregister(reference.GetGrainId());

    private string TypeNameOf(Type grainInterface) => runtime.Registry.GetByInterface(grainInterface).TypeName;

    private object CreateReference(Type interfaceType, GrainId grainId)
    {
        var proxy = (GrainProxy)DispatchProxy.Create(interfaceType, typeof(GrainProxy));
        proxy.Initialize(grainId, GrainInterfaceInfo.For(interfaceType), runtime);
        return proxy;
    }
}
