namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PUT /v1/me/password.</summary>
public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);
