namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>POST /v1/devices/{deviceId}/transfer: the user who becomes the owner.</summary>
public sealed record TransferDeviceRequest(string OwnerId);
