using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Registration;

/// <summary>
/// An RFCx <c>register</c> token, keyed by its guid: a short code, redeemable a set number of
/// times before it expires, each redemption creating a user or a guardian owned by the creator.
/// Short codes are low-entropy, so they are stored with the password KDF and attempts are limited.
/// </summary>
public interface IRegistrationTokenGrain : IGrainWithStringKey
{
    /// <summary>Needs <c>registration:create</c>. Creating guardians needs <c>devices:create</c> too.</summary>
    Task<CreatedRegistrationToken> CreateAsync(Caller caller, RegistrationTarget target, int uses, TimeSpan lifetime);

    Task<AuthenticationResult> AuthenticateAsync(string code);

    /// <summary>The caller must be this token (authenticated by <see cref="AuthenticateAsync"/>).</summary>
    Task<RedeemedRegistration> RedeemAsync(Caller caller, RegistrationRedemption redemption);

    Task RevokeAsync(Caller caller);
}
