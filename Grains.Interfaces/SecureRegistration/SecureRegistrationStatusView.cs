namespace Gatehouse.Grains.SecureRegistration;

/// <summary>A request's status; <see cref="DeviceId"/> once REGISTERED.</summary>
public sealed record SecureRegistrationStatusView(SecureRegistrationStatus Status, string? DeviceId);
