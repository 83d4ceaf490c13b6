namespace Gatehouse.Grains.SecureRegistration;

/// <summary>ARTIK's spelling of <see cref="SecureRegistrationStatus"/>.</summary>
public static class SecureRegistrationStatuses
{
    public static string Name(SecureRegistrationStatus status) => status switch
    {
        SecureRegistrationStatus.PendingUserConfirmation => "PENDING_USER_CONFIRMATION",
        SecureRegistrationStatus.PendingDeviceCompletion => "PENDING_DEVICE_COMPLETION",
        SecureRegistrationStatus.Registered => "REGISTERED",
        SecureRegistrationStatus.Expired => "EXPIRED",
        SecureRegistrationStatus.Revoked => "REVOKED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
