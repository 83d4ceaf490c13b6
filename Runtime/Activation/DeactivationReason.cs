namespace Gatehouse.Runtime;

/// <summary>Why an activation is being deactivated, passed to <c>OnDeactivateAsync</c>.</summary>
public enum DeactivationReason
{
    /// <summary>The grain called <c>DeactivateOnIdle</c>.</summary>
    ApplicationRequested,

    /// <summary>No call arrived for <c>SiloOptions.CollectionAge</c>.</summary>
    IdleCollection,

    /// <summary>A state write found a newer version in storage.</summary>
    InconsistentState,

    /// <summary><c>OnActivateAsync</c> failed.</summary>
    ActivationFailed,

    /// <summary>The silo is shutting down.</summary>
    ShuttingDown,

    /// <summary>Cluster membership changed and placement names another silo as the grain's owner.</summary>
    OwnerChanged,
}
