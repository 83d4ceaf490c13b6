namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PUT an operator or application-user role assignment.</summary>
public sealed record AssignRoleRequest(string Role);
