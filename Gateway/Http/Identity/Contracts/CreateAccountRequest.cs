namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/accounts.</summary>
public sealed record CreateAccountRequest(string Name, string AdministratorId);
