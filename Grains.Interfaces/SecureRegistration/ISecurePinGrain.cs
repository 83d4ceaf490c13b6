using Gatehouse.Runtime;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>
/// Finds a pending request by its PIN, for the pairing page where the user types only the PIN
/// and serial digits. Keyed by <c>SecretDigest.LookupKey(PIN)</c>, so no PIN is stored in clear;
/// the request itself checks the PIN against its own digest, in constant time.
/// </summary>
public interface ISecurePinGrain : IGrainWithStringKey
{
    /// <summary>Silo-internal: false when another live request holds this PIN (the caller draws another).</summary>
    Task<bool> TryReserveAsync(string rid, DateTimeOffset expiresAt);

    [ReadOnly]
    Task<string?> FindAsync();
}
