namespace Gatehouse.Grains.SecureRegistration;

public enum SecureConfirmationOutcome
{
    /// <summary>PIN and serial digits matched: the device may now complete (PENDING_DEVICE_COMPLETION).</summary>
    Confirmed,

    /// <summary>The PIN or the serial digits were wrong; the attempt counted.</summary>
    WrongCode,

    /// <summary>Too many wrong attempts: the device must start a new request.</summary>
    TooManyAttempts,

    /// <summary>Expired, revoked, already confirmed or registered.</summary>
    NotPending,
}
