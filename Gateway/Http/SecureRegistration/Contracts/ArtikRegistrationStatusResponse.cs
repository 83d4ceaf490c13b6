namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary><c>{"data":{"status":"PENDING_DEVICE_COMPLETION"}}</c>.</summary>
public sealed record ArtikRegistrationStatusResponse(ArtikRegistrationStatus Data);
