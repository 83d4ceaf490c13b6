namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>A one-time password-reset token, shown once.</summary>
public sealed record ResetTokenResponse(string ResetToken, DateTimeOffset ExpiresAt);
