using Gatehouse.Runtime;

namespace Gatehouse.Grains.Devices;

/// <summary>
/// A durable counter, keyed by what it numbers. WoTKit clients expect a sensor's <c>id</c> to be a
/// number, so every device also gets one from the "device" sequence.
/// </summary>
public interface ISequenceGrain : IGrainWithStringKey
{
    Task<long> NextAsync();
}
