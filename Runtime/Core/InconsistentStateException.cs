namespace Gatehouse.Runtime;

/// <summary>
/// Thrown when a state write or clear finds that the stored version is not the one this
/// activation last read: another writer got there first. The activation that sees it is
/// deactivated, so its next call re-reads the state from storage.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException(string message, string? storedEtag = null, string? currentEtag = null)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    public InconsistentStateException(string message) : this(message, null, null) { }

    /// <summary>The version found in storage, when the provider knows it.</summary>
    public string? StoredEtag { get; }

    /// <summary>The version the writer expected.</summary>
    public string? CurrentEtag { get; }
}
