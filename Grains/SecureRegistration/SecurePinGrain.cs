using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.SecureRegistration;

/// <summary>The PIN index (<see cref="ISecurePinGrain"/>); an entry is dead once its request's lifetime has passed.</summary>
public sealed class SecurePinGrain([PersistentState("securePin")] IPersistentState<SecurePinState> pin, TimeProvider time) : Grain, ISecurePinGrain
{
    public async Task<bool> TryReserveAsync(string rid, DateTimeOffset expiresAt)
    {
        if (pin.RecordExists && pin.State.Rid != rid && time.GetUtcNow() < pin.State.ExpiresAt)
        {
            return false;
        }
        pin.State = new SecurePinState { Rid = rid, ExpiresAt = expiresAt };
        await pin.WriteStateAsync();
        return true;
    }

    public Task<string?> FindAsync() =>
        Task.FromResult(pin.RecordExists && time.GetUtcNow() < pin.State.ExpiresAt ? pin.State.Rid : null);
}
