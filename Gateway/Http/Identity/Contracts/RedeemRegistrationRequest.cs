namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/register, as x-auth-user: register/{id}. A user needs a username and password; a guardian a name.</summary>
public sealed record RedeemRegistrationRequest(string? Username = null, string? Password = null, string? Name = null);
