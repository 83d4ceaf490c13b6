namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/devices/{deviceId}/tokens.</summary>
public sealed record CreateDeviceTokenRequest(long? ExpiresInSeconds = null);
