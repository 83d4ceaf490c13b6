namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/auth/password-reset: a reset token from an administrator and the new password.</summary>
public sealed record PasswordResetRequest(string ResetToken, string NewPassword);
