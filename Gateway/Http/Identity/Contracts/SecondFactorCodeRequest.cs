namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>A second-factor code: TOTP, SMS or a recovery code.</summary>
public sealed record SecondFactorCodeRequest(string Code);
