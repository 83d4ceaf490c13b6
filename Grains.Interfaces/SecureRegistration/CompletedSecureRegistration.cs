namespace Gatehouse.Grains.SecureRegistration;

/// <summary>ARTIK's completion answer: the device token (shown once), the owner's uid and the new did.</summary>
public sealed record CompletedSecureRegistration(string AccessToken, string UserId, string DeviceId);
