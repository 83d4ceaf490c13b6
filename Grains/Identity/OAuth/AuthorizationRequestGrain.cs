using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Identity.OAuth;

/// <summary>
/// A consent page's form token. Taking it clears the stored row, so a token works once even
/// across silos (the clear is a version-checked write), and a used page leaves nothing behind.
/// </summary>
public sealed class AuthorizationRequestGrain(
    [PersistentState("request")] IPersistentState<AuthorizationRequestState> request,
    TimeProvider time) : Grain, IAuthorizationRequestGrain
{
    public async Task StartAsync(PendingAuthorization pending, byte[] tokenDigest, DateTimeOffset expiresAt)
    {
        if (request.RecordExists)
        {
            // 128 bits of a SHA-256 colliding means a broken RNG; refuse rather than overwrite.
            throw new ResourceConflictException("A form token with this lookup key already exists.");
        }
        request.State = new AuthorizationRequestState { Request = pending, TokenDigest = tokenDigest, ExpiresAt = expiresAt };
        await request.WriteStateAsync();
    }

    public async Task<PendingAuthorization?> TakeAsync(string formToken)
    {
        if (!request.RecordExists || !SecretDigest.Matches(formToken, request.State.TokenDigest))
        {
            // Not the holder of this token: leave it for the page that has it.
            return null;
        }
        var pending = request.State.Request;
        var live = time.GetUtcNow() < request.State.ExpiresAt;
        await request.ClearStateAsync();
        DeactivateOnIdle();
        return live ? pending : null;
    }
}
