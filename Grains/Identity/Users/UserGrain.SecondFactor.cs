using System.Collections.Immutable;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Identity.Secrets;
using Gatehouse.Grains.Identity.TwoFactor;
using Gatehouse.Grains.Security;

namespace Gatehouse.Grains.Identity.Users;

/// <summary>
/// Two-factor login: after a correct password the user gets a challenge token
/// (<c>{userId}.{secret}</c>, only its digest kept) and finishes with a TOTP code, an SMS code or
/// a recovery code. Wrong codes count toward the same lockout as wrong passwords, so the second
/// factor cannot be guessed faster than the first.
/// </summary>
public sealed partial class UserGrain
{
    private const string Issuer = "Gatehouse";

    private async Task<LoginResult> OpenSecondFactorChallengeAsync(LoginAttempt attempt)
    {
        var factor = State.SecondFactor;
        var secret = SecretGenerator.NewToken();
        var now = time.GetUtcNow();
        factor.ChallengeDigest = SecretDigest.Compute(secret);
        factor.ChallengeExpiresAt = now + Options.SecondFactorChallengeLifetime;
        var methods = ImmutableArray.CreateBuilder<string>();
        if (factor.TotpEnabled)
        {
            methods.Add("totp");
        }
        if (factor.SmsEnabled && State.Phone is { } phone)
        {
            var issued = OneTimeCode.Issue(now);
            factor.SmsLoginCode = issued.Challenge;
            await user.WriteStateAsync();
            await sms.SendAsync(new SmsMessage(phone, $"Your Gatehouse login code is {issued.Code}. It expires in 5 minutes."), CancellationToken.None);
            methods.Add("sms");
        }
        else
        {
            await user.WriteStateAsync();
        }
        methods.Add("recovery");
        return new LoginResult(LoginStatus.SecondFactorRequired, UserId: GetPrimaryKeyString(),
            ChallengeToken: $"{GetPrimaryKeyString()}.{secret}", SecondFactors: methods.ToImmutable());
    }

    public async Task<LoginResult> CompleteSecondFactorAsync(string challengeToken, string code, string? sourceAddress)
    {
        if (await VerifySecondFactorAsync(challengeToken, code, sourceAddress) is { } failure)
        {
            return failure;
        }
        var tokens = await StartSessionAsync("all", null);
        return new LoginResult(LoginStatus.Succeeded, tokens, GetPrimaryKeyString());
    }

    /// <summary>
    /// Checks a challenge from <see cref="OpenSecondFactorChallengeAsync"/> and its code. Null when
    /// accepted: the challenge is closed, the failure count reset, state written and success
    /// audited, and the caller issues what the login was for (a session, an OAuth2 code).
    /// Otherwise the failure to answer with; wrong codes count toward the lockout.
    /// </summary>
    private async Task<LoginResult?> VerifySecondFactorAsync(string challengeToken, string code, string? sourceAddress)
    {
        var factor = State.SecondFactor;
        var now = time.GetUtcNow();
        var dot = challengeToken.IndexOf('.');
        if (!user.RecordExists || dot < 0
            || factor.ChallengeDigest is not { } digest || factor.ChallengeExpiresAt is not { } expiresAt || now >= expiresAt
            || !SecretDigest.Matches(challengeToken[(dot + 1)..], digest))
        {
            return LoginResult.Failed;
        }
        if (State.LockedUntil is { } until && until > now)
        {
            return new LoginResult(LoginStatus.LockedOut, RetryAfter: until - now);
        }
        if (!TryAcceptSecondFactor(code, now, allowLoginSms: true, out var method))
        {
            await RecordFailureAsync(now);
            await audit.RecordAsync(AuditActions.MfaFailed, SelfActor(CredentialKind.Password), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Failed, sourceAddress);
            return State.LockedUntil is { } locked && locked > now
                ? new LoginResult(LoginStatus.LockedOut, RetryAfter: locked - now)
                : LoginResult.Failed;
        }
        factor.ChallengeDigest = null;
        factor.ChallengeExpiresAt = null;
        factor.SmsLoginCode = null;
        State.FailedAttempts = 0;
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.MfaSucceeded, SelfActor(CredentialKind.Password), "user", GetPrimaryKeyString(), State.AccountId, AuditOutcome.Succeeded, sourceAddress,
            ImmutableDictionary<string, string>.Empty.Add("method", method));
        return null;
    }

    public async Task<TotpEnrollmentView> BeginTotpEnrollmentAsync(Caller caller)
    {
        RequireSelfForSecondFactor(caller);
        var enrollment = TotpEnrollment.Create(Issuer, State.Username);
        // Bound to this user's id, so a ciphertext copied to another user's row does not decrypt.
        State.SecondFactor.TotpSecretCiphertext = protector.Protect(enrollment.Secret, GetPrimaryKeyString());
        State.SecondFactor.TotpEnabled = false;
        await user.WriteStateAsync();
        return new TotpEnrollmentView(enrollment.OtpAuthUri, enrollment.SecretBase32, enrollment.ToQrSvg(), enrollment.ToQrPngDataUri());
    }

    public async Task<RecoveryCodesView?> ConfirmTotpAsync(Caller caller, string code)
    {
        RequireSelfForSecondFactor(caller);
        var factor = State.SecondFactor;
        if (factor.TotpSecretCiphertext is null || factor.TotpEnabled)
        {
            throw new InvalidRequestException("There is no TOTP enrolment to confirm; start one first.");
        }
        if (!TryTotp(code, time.GetUtcNow()))
        {
            throw new InvalidRequestException("The code does not match; check the authenticator app's clock and try the current code.");
        }
        factor.TotpEnabled = true;
        return await FinishEnrollmentAsync(caller, "totp");
    }

    public async Task BeginSmsEnrollmentAsync(Caller caller)
    {
        RequireSelfForSecondFactor(caller);
        if (State.Phone is not { } phone)
        {
            throw new InvalidRequestException("Set a phone number on the profile first (PATCH /v1/me).");
        }
        var issued = OneTimeCode.Issue(time.GetUtcNow());
        State.SecondFactor.SmsEnrollmentCode = issued.Challenge;
        await user.WriteStateAsync();
        await sms.SendAsync(new SmsMessage(phone, $"Your Gatehouse verification code is {issued.Code}."), CancellationToken.None);
    }

    public async Task<RecoveryCodesView?> ConfirmSmsAsync(Caller caller, string code)
    {
        RequireSelfForSecondFactor(caller);
        var factor = State.SecondFactor;
        if (factor.SmsEnrollmentCode is not { } challenge)
        {
            throw new InvalidRequestException("No SMS verification is open; start one first.");
        }
        var verification = OneTimeCode.Verify(challenge, code, time.GetUtcNow());
        factor.SmsEnrollmentCode = verification.Succeeded ? null : verification.Challenge;
        if (!verification.Succeeded)
        {
            await user.WriteStateAsync();
            throw new InvalidRequestException($"The code was not accepted ({verification.Result}).");
        }
        factor.SmsEnabled = true;
        return await FinishEnrollmentAsync(caller, "sms");
    }

    public async Task DisableSecondFactorAsync(Caller caller, string method, string code)
    {
        RequireSelfForSecondFactor(caller);
        var factor = State.SecondFactor;
        var enabled = method switch
        {
            "totp" => factor.TotpEnabled,
            "sms" => factor.SmsEnabled,
            _ => throw new InvalidRequestException("The second factor is 'totp' or 'sms'."),
        };
        if (!enabled)
        {
            throw new InvalidRequestException($"The second factor '{method}' is not on.");
        }
        await RequireSecondFactorProofAsync(code);
        switch (method)
        {
            case "totp":
                factor.TotpEnabled = false;
                factor.TotpSecretCiphertext = null;
                factor.TotpLastAcceptedStep = -1;
                break;
            case "sms":
                factor.SmsEnabled = false;
                break;
            default:
                throw new InvalidRequestException("The second factor is 'totp' or 'sms'.");
        }
        if (!SecondFactorEnabled)
        {
            factor.RecoveryCodes.Clear();
        }
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.MfaDisabled, caller, "user", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("method", method));
    }

    public async Task<RecoveryCodesView> RegenerateRecoveryCodesAsync(Caller caller, string code)
    {
        RequireSelfForSecondFactor(caller);
        if (!SecondFactorEnabled)
        {
            throw new InvalidRequestException("Recovery codes exist only while a second factor is on.");
        }
        await RequireSecondFactorProofAsync(code);
        var codes = RecoveryCodes.Generate();
        State.SecondFactor.RecoveryCodes = [.. codes.StoredCodes];
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.MfaEnrolled, caller, "user", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("method", "recovery-codes"));
        return new RecoveryCodesView([.. codes.PlainCodes]);
    }

    private async Task<RecoveryCodesView?> FinishEnrollmentAsync(Caller caller, string method)
    {
        RecoveryCodesView? shown = null;
        if (State.SecondFactor.RecoveryCodes.Count == 0)
        {
            var codes = RecoveryCodes.Generate();
            State.SecondFactor.RecoveryCodes = [.. codes.StoredCodes];
            shown = new RecoveryCodesView([.. codes.PlainCodes]);
        }
        await user.WriteStateAsync();
        await audit.RecordAsync(AuditActions.MfaEnrolled, caller, "user", GetPrimaryKeyString(), State.AccountId,
            details: ImmutableDictionary<string, string>.Empty.Add("method", method));
        return shown;
    }

    /// <summary>Changing second factors needs a current one, so a stolen session alone cannot remove 2FA.</summary>
    private async Task RequireSecondFactorProofAsync(string code)
    {
        var now = time.GetUtcNow();
        if (State.LockedUntil is { } until && until > now)
        {
            throw new AccessDeniedException("Too many failed attempts; retry later.");
        }
        if (!TryAcceptSecondFactor(code, now, allowLoginSms: false, out _))
        {
            await RecordFailureAsync(now);
            throw new AccessDeniedException("The second-factor code is wrong.");
        }
    }

    /// <summary>Tries TOTP, then an open SMS login code, then a recovery code; consumes what it accepts (the caller writes state).</summary>
    private bool TryAcceptSecondFactor(string code, DateTimeOffset now, bool allowLoginSms, out string method)
    {
        var factor = State.SecondFactor;
        method = "totp";
        if (factor.TotpEnabled && TryTotp(code, now))
        {
            return true;
        }
        method = "sms";
        if (allowLoginSms && factor.SmsEnabled && factor.SmsLoginCode is { } challenge)
        {
            var verification = OneTimeCode.Verify(challenge, code, now);
            factor.SmsLoginCode = verification.Challenge;
            if (verification.Succeeded)
            {
                return true;
            }
        }
        method = "recovery";
        if (RecoveryCodes.TryConsume(code, factor.RecoveryCodes, out var remaining))
        {
            factor.RecoveryCodes = [.. remaining];
            return true;
        }
        return false;
    }

    private bool TryTotp(string code, DateTimeOffset now)
    {
        var factor = State.SecondFactor;
        if (factor.TotpSecretCiphertext is not { } ciphertext)
        {
            return false;
        }
        var seed = protector.Unprotect(ciphertext, GetPrimaryKeyString());
        try
        {
            if (!Totp.Default.TryVerify(seed, code, now, factor.TotpLastAcceptedStep, out var step))
            {
                return false;
            }
            // Remembering the step refuses the same code a second time within its window (RFC 6238 §5.2).
            factor.TotpLastAcceptedStep = step;
            return true;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(seed);
        }
    }

    private void RequireSelfForSecondFactor(Caller caller)
    {
        EnsureExists();
        caller.RequireSelf(Self.Kind, GetPrimaryKeyString(), Permissions.ProfileWrite);
        if (caller.Credential is not (CredentialKind.AccessToken or CredentialKind.Password))
        {
            // Second factors protect logins; a key or temporary token must not be able to change them.
            throw new AccessDeniedException("Manage second factors with a login session, not an API key or temporary token.");
        }
    }

    private AuditActor SelfActor(CredentialKind credential) =>
        AuditActor.Claimed(credential, null, Self.Kind, GetPrimaryKeyString());
}
