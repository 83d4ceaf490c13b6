namespace Gatehouse.Grains.Devices;

public sealed record DeviceShare(string UserId, DeviceAccess Access);
