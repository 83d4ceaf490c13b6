namespace Gatehouse.Grains.Devices;

public sealed record DeviceView(string Id, string Name, string? Description, string OwnerId, string? AccountId, DateTimeOffset CreatedAt);
