namespace Gatehouse.Grains.Devices;

public sealed class DeviceState
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string OwnerId { get; set; } = "";

    public string? AccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public List<string> KeyIds { get; set; } = [];
}
