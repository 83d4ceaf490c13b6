namespace Gatehouse.Grains.SecureRegistration;

/// <summary>How a user's confirmation went, for the pairing page to say.</summary>
public sealed record SecureConfirmation(SecureConfirmationOutcome Outcome, int AttemptsLeft, string? DeviceTypeName = null, string? VendorDeviceId = null);
