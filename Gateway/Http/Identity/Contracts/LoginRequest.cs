namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/auth/login.</summary>
public sealed record LoginRequest(string Username, string Password, string? Scope = null);
