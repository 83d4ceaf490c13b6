namespace Gatehouse.Runtime.Activation;

internal enum ActivationState
{
    /// <summary>Created; the grain object and its state are being made. Requests queue.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Finishing running requests and running OnDeactivateAsync; new requests wait to be forwarded.</summary>
    Deactivating,

    /// <summary>Gone from the catalog. Requests that still find it are re-dispatched to a new activation.</summary>
    Invalid,
}
