namespace Gatehouse.Grains.Devices;

/// <summary>A device to create. The owner is the creating user unless an administrator names one.</summary>
public sealed record NewDevice(string Name, string? OwnerId = null, string? Description = null);
