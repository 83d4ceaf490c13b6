namespace Gatehouse.Runtime;

/// <summary>
/// An object, usually outside any grain (such as a gateway connection), that grains call to push
/// notifications. See <see cref="IGrainFactory.CreateObjectReference{TObserver}"/>.
/// </summary>
public interface IGrainObserver : IAddressable;
