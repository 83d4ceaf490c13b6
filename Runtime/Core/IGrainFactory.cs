namespace Gatehouse.Runtime;

/// <summary>
/// Hands out grain references. Getting a reference never activates anything: the grain is
/// activated by the first call that reaches it.
/// </summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey;

    TGrainInterface GetGrain<TGrainInterface>(Guid key) where TGrainInterface : IGrainWithGuidKey;

    TGrainInterface GetGrain<TGrainInterface>(long key) where TGrainInterface : IGrainWithIntegerKey;

    /// <summary>A reference to an existing identity through any grain interface its class implements.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId) where TGrainInterface : IAddressable;

    /// <summary>
    /// Makes a local object callable as <typeparamref name="TObserver"/> by grains, which can
    /// store the reference and call it to push notifications. The runtime holds the object until
    /// <see cref="DeleteObjectReference{TObserver}"/>.
    /// </summary>
    TObserver CreateObjectReference<TObserver>(IGrainObserver observer) where TObserver : IGrainObserver;

    /// <summary>Stops delivering calls to an object made callable by <see cref="CreateObjectReference{TObserver}"/>.</summary>
    void DeleteObjectReference<TObserver>(TObserver reference) where TObserver : IGrainObserver;
}
