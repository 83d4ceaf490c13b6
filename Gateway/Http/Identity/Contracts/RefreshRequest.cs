namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/auth/refresh.</summary>
public sealed record RefreshRequest(string RefreshToken);
