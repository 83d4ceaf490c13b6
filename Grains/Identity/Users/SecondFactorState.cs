namespace Gatehouse.Grains.Identity.Users;

/// <summary>Two-factor settings. The TOTP seed is AES-GCM ciphertext bound to the user id; codes are digests.</summary>
public sealed class SecondFactorState
{
    /// <summary>Set when enrolment starts; TOTP is enabled once a first code verifies.</summary>
    public string? TotpSecretCiphertext { get; set; }

    public bool TotpEnabled { get; set; }

    public long TotpLastAcceptedStep { get; set; } = -1;

    public bool SmsEnabled { get; set; }

    /// <summary><see cref="TwoFactor.RecoveryCodes"/> stored form: SHA-256 digests of 80-bit codes.</summary>
    public List<string> RecoveryCodes { get; set; } = [];

    /// <summary>The open challenge after a correct password: digest of the challenge token and when it ends.</summary>
    public byte[]? ChallengeDigest { get; set; }

    public DateTimeOffset? ChallengeExpiresAt { get; set; }

    /// <summary>The SMS code sent for the open login challenge, as a digest with its own expiry and attempt count.</summary>
    public TwoFactor.OneTimeCodeChallenge? SmsLoginCode { get; set; }

    /// <summary>The SMS code sent to prove the phone while enabling SMS as a second factor.</summary>
    public TwoFactor.OneTimeCodeChallenge? SmsEnrollmentCode { get; set; }
}
