namespace Gatehouse.Runtime.Observers;

/// <summary>
/// The observer a call was addressed to is no longer registered (its connection closed). Grains
/// that keep subscriber lists drop the subscriber on this error.
/// </summary>
public sealed class ObserverNotFoundException(GrainId observerId)
    : Exception($"Observer {observerId} is no longer registered.")
{
    public GrainId ObserverId { get; } = observerId;
}
