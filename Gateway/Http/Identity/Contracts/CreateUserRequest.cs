namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/users.</summary>
public sealed record CreateUserRequest(string Username, string Password, string? DisplayName = null, string? Email = null, string? Phone = null, bool SystemAdmin = false);
