namespace Gatehouse.Grains.Security;

/// <summary>
/// Who is calling. Account administrators and operators are <see cref="User"/>s whose
/// <see cref="Caller.AccountRole"/> says what they are in their account; the credential they
/// used (password, token, API key) is in <see cref="Caller.Credential"/>. An RFCx temporary
/// <c>token</c> is not a principal of its own: it acts as its creator, narrowed to its endpoints
/// and scopes (<see cref="CredentialKind.TemporaryToken"/>).
/// </summary>
public enum PrincipalKind
{
    Anonymous,

    /// <summary>A person with a Gatehouse login (WoTKit user, IoT Open user, RFCx <c>user</c>, EVRYTHNG operator).</summary>
    User,

    /// <summary>A user of one application in an account (EVRYTHNG application user).</summary>
    ApplicationUser,

    /// <summary>An application acting as itself, with its public or trusted application key.</summary>
    Application,

    /// <summary>A device (EVRYTHNG Thng, WoTKit sensor gateway, RFCx <c>guardian</c>, ARTIK device).</summary>
    Device,

    /// <summary>An RFCx <c>register</c> token: can only redeem itself to create a user or a guardian.</summary>
    RegistrationToken,
}
