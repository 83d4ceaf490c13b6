namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/applications/{applicationId}/users.</summary>
public sealed record CreateApplicationUserRequest(string Username, string Password, string? Role = null);
