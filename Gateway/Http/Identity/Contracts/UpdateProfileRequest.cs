namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PATCH /v1/me: fields left out keep their value.</summary>
public sealed record UpdateProfileRequest(string? DisplayName = null, string? Email = null, string? Phone = null);
