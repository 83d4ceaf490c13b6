namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>Why a one-time code was or was not accepted. The login flow may tell the user which.</summary>
public enum OneTimeCodeResult
{
    Accepted,
    WrongCode,
    Expired,
    /// <summary>Too many wrong codes: this challenge never verifies again; send a new one.</summary>
    AttemptsExhausted,
    /// <summary>The code was already accepted once.</summary>
    AlreadyUsed,
}
