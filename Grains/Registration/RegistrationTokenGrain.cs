using System.Collections.Immutable;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Identity.Tokens;
using Gatehouse.Grains.Security;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Registration;

public sealed class RegistrationTokenGrain(
    [PersistentState("registration")] IPersistentState<RegistrationTokenState> token,
    IAuditLog audit,
    PasswordHasher hasher,
    IOptions<IdentityOptions> options,
    TimeProvider time) : Grain, IRegistrationTokenGrain
{
    /// <summary>Ten characters from a 32-letter alphabet: 50 bits, short enough to read out or type.</summary>
    private const int CodeLength = 10;

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);

    private RegistrationTokenState State => token.State;

    public async Task<CreatedRegistrationToken> CreateAsync(Caller caller, RegistrationTarget target, int uses, TimeSpan lifetime)
    {
        caller.Require(Permissions.RegistrationCreate);
        if (target == RegistrationTarget.Guardian)
        {
            caller.Require(Permissions.DevicesCreate);
        }
        if (caller.Kind != PrincipalKind.User)
        {
            throw new AccessDeniedException("Registration tokens are created by users, who own what they create.");
        }
        if (token.RecordExists)
        {
            throw new ResourceConflictException("This registration token already exists.");
        }
        if (uses is < 1 or > 10_000)
        {
            throw new InvalidRequestException("A registration token allows 1 to 10,000 uses.");
        }
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new InvalidRequestException("A registration token lives for up to 30 days.");
        }
        var code = SecretGenerator.NewCode(CodeLength);
        var now = time.GetUtcNow();
        token.State = new RegistrationTokenState
        {
            CodeHash = hasher.Hash(code),
            Target = target,
            UsesLeft = uses,
            ExpiresAt = now + lifetime,
            CreatorId = caller.Id,
            CreatorAccountId = caller.AccountId,
            CreatedAt = now,
        };
        await token.WriteStateAsync();
        await audit.RecordAsync(AuditActions.RegistrationCreated, caller, "registration", GetPrimaryKeyString(), caller.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("target", target.ToString()).Add("uses", uses.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new CreatedRegistrationToken(GetPrimaryKeyString(), code, target, uses, State.ExpiresAt);
    }

    public async Task<AuthenticationResult> AuthenticateAsync(string code)
    {
        if (!token.RecordExists)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.UnknownCredential);
        }
        if (State.FailedGuesses >= options.Value.MaxTokenGuesses)
        {
            return AuthenticationResult.Fail(AuthenticationFailure.LockedOut);
        }
        if (!PasswordHasher.Verify(code.Trim().ToUpperInvariant(), State.CodeHash))
        {
            State.FailedGuesses++;
            await token.WriteStateAsync();
            return AuthenticationResult.Fail(AuthenticationFailure.WrongSecret);
        }
        var failure = State switch
        {
            { Revoked: true } => AuthenticationFailure.Revoked,
            _ when time.GetUtcNow() >= State.ExpiresAt => AuthenticationFailure.Expired,
            { UsesLeft: <= 0 } => AuthenticationFailure.UsedUp,
            _ => AuthenticationFailure.None,
        };
        if (failure != AuthenticationFailure.None)
        {
            return AuthenticationResult.Fail(failure);
        }
        return AuthenticationResult.Success(new Caller
        {
            Kind = PrincipalKind.RegistrationToken,
            Id = GetPrimaryKeyString(),
            Permissions = RolePermissions.RegistrationToken,
            Credential = CredentialKind.RegistrationToken,
            CredentialId = GetPrimaryKeyString(),
        });
    }

    public async Task<RedeemedRegistration> RedeemAsync(Caller caller, RegistrationRedemption redemption)
    {
        caller.Require(Permissions.RegistrationRedeem);
        if (caller.Kind != PrincipalKind.RegistrationToken || caller.Id != GetPrimaryKeyString())
        {
            throw new AccessDeniedException("Only this registration token may redeem itself.");
        }
        if (!token.RecordExists || State.Revoked || State.UsesLeft <= 0 || time.GetUtcNow() >= State.ExpiresAt)
        {
            throw new NotAuthenticatedException("This registration token is no longer valid.");
        }
        ValidateRedemption(redemption);
        if (State.Target == RegistrationTarget.User
            && await GrainFactory.GetGrain<IUsernameGrain>(UsernameKey.For(redemption.Username!)).GetUserIdAsync() is not null)
        {
            throw new ResourceConflictException($"The username '{redemption.Username}' is taken.");
        }
        // Spend the use before creating anything: a crash in between loses a use rather than
        // allowing one more account than the creator asked for.
        State.UsesLeft--;
        await token.WriteStateAsync();
        var createdBy = $"register/{GetPrimaryKeyString()}";
        if (State.Target == RegistrationTarget.User)
        {
            var user = await GrainFactory.GetGrain<IUsernameGrain>(UsernameKey.For(redemption.Username!))
                .CreateAuthorizedAsync(new NewUser(redemption.Username!, redemption.Password!), createdBy);
            await audit.RecordAsync(AuditActions.RegistrationRedeemed, caller, "user", user.Id, null);
            return new RedeemedRegistration(RegistrationTarget.User, user.Id, null, State.UsesLeft);
        }
        var deviceId = SecretGenerator.NewId();
        await GrainFactory.GetGrain<IDeviceGrain>(deviceId).InitializeAsync(new NewDevice(redemption.Name!), State.CreatorId, State.CreatorAccountId, createdBy);
        var issued = await TokenIssuer.IssueAsync(GrainFactory, TokenKind.Device, new Subject(PrincipalKind.Device, deviceId), time.GetUtcNow(), options.Value.DeviceTokenLifetime, "all");
        await audit.RecordAsync(AuditActions.RegistrationRedeemed, caller, "device", deviceId, State.CreatorAccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("tokenId", issued.TokenId));
        return new RedeemedRegistration(RegistrationTarget.Guardian, deviceId, issued.Token, State.UsesLeft);
    }

    public async Task RevokeAsync(Caller caller)
    {
        if (!token.RecordExists)
        {
            throw new ResourceNotFoundException("No such registration token.");
        }
        caller.RequireAuthenticated();
        if (!(caller.Kind == PrincipalKind.User && caller.Id == State.CreatorId) && !caller.IsSystemAdmin)
        {
            throw new AccessDeniedException("Only the token's creator or an administrator may revoke it.");
        }
        State.Revoked = true;
        await token.WriteStateAsync();
        await audit.RecordAsync(AuditActions.RegistrationRevoked, caller, "registration", GetPrimaryKeyString(), State.CreatorAccountId);
    }

    private void ValidateRedemption(RegistrationRedemption redemption)
    {
        if (State.Target == RegistrationTarget.User)
        {
            if (string.IsNullOrEmpty(redemption.Username) || string.IsNullOrEmpty(redemption.Password))
            {
                throw new InvalidRequestException("Redeeming a user registration needs a username and a password.");
            }
            UsernameKey.Validate(redemption.Username);
        }
        else if (string.IsNullOrWhiteSpace(redemption.Name))
        {
            throw new InvalidRequestException("Redeeming a guardian registration needs a name.");
        }
    }
}
