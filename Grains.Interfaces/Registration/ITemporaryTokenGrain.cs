using System.Collections.Immutable;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Registration;

/// <summary>
/// An RFCx <c>token</c>, keyed by its guid: acts for its creator, narrowed to named endpoints and
/// scopes, for a limited number of uses and a short time.
/// </summary>
public interface ITemporaryTokenGrain : IGrainWithStringKey
{
    /// <summary>Needs <c>tokens:create</c>. At most the creator's own authority.</summary>
    Task<CreatedTemporaryToken> CreateAsync(Caller caller, ImmutableArray<string> endpoints, ImmutableArray<string> scopes, int uses, TimeSpan lifetime);

    /// <summary>Checks the secret and the endpoint, and spends one use.</summary>
    Task<AuthenticationResult> AuthenticateAsync(string token, string endpoint);

    Task RevokeAsync(Caller caller);
}
