namespace Gatehouse.Runtime.Observers;

/// <summary>
/// The observer a call was addressed to is no longer registered (its connection closed). Grains
/// that keep subscriber lists drop the subscriber on this error.
/// </summary>
public sealed class ObserverNotFoundException : Exception
{
    public ObserverNotFoundException(GrainId observerId) : base($"Observer {observerId} is no longer registered.")
    {
        ObserverId = observerId;
    }

    /// <summary>Recreates the exception on the caller's side of a call between silos, which carries the message only.</summary>
    public ObserverNotFoundException(string message) : base(message) { }

    /// <summary>The observer; default when the exception was recreated from another silo's message.</summary>
    public GrainId ObserverId { get; }
}
