namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/auth/login/second-factor: the challenge from the password step and a TOTP, SMS or recovery code.</summary>
public sealed record SecondFactorRequest(string ChallengeToken, string Code);
