namespace Gatehouse.Grains.SecureRegistration;

/// <summary>ARTIK's registration statuses (seed 002, "Check registration status").</summary>
public enum SecureRegistrationStatus
{
    PendingUserConfirmation,
    PendingDeviceCompletion,
    Registered,
    Expired,
    Revoked,
}
