namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/registration-tokens: what redeeming creates (user or guardian), how many times, for how long.</summary>
public sealed record CreateRegistrationTokenRequest(Gatehouse.Grains.Registration.RegistrationTarget Type, int Uses = 1, long ExpiresInSeconds = 86400);
