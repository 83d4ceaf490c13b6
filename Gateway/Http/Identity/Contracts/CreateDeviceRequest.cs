namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/devices.</summary>
public sealed record CreateDeviceRequest(string Name, string? OwnerId = null, string? Description = null);
