namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/accounts/{accountId}/applications.</summary>
public sealed record CreateApplicationRequest(string Name);
