namespace Gatehouse.Grains.Identity;

/// <summary>A password login: the secret and where it came from (for per-address throttling and audit).</summary>
public sealed record LoginAttempt(string Password, string? SourceAddress, string? ClientId = null, string Scope = "all");
