namespace Gatehouse.Gateway.Http.Identity.Contracts;

/// <summary>PUT /v1/devices/{deviceId}/shares/{userId}: what the user may do ("read" or "write").</summary>
public sealed record ShareDeviceRequest(Gatehouse.Grains.Devices.DeviceAccess Access);
