namespace Gatehouse.Tests.Hosting;

/// <summary>What POST /v1/auth/login hands back: the two secrets and whose they are.</summary>
public sealed record LoginSession(string AccessToken, string RefreshToken, string UserId);
