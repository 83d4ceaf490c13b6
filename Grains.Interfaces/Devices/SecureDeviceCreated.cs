using Gatehouse.Grains.Identity;

namespace Gatehouse.Grains.Devices;

/// <summary>A device a secure registration created, and its first token (shown once).</summary>
public sealed record SecureDeviceCreated(DeviceView Device, IssuedToken Token);
