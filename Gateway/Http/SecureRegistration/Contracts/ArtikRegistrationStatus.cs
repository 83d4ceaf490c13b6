namespace Gatehouse.Gateway.Http.SecureRegistration.Contracts;

/// <summary>A status string (PENDING_USER_CONFIRMATION, …) and, once REGISTERED, the did.</summary>
public sealed record ArtikRegistrationStatus(string Status, string? Did);
