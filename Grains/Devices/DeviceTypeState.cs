namespace Gatehouse.Grains.Devices;

public sealed class DeviceTypeState
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>The owner's account when the type was made: its operators may read and use a private type.</summary>
    public string? AccountId { get; set; }

    public DeviceVisibility Visibility { get; set; }

    public List<FieldDefinition> Fields { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>DER of the certificates device certificates must chain to; any makes the type secure.</summary>
    public List<byte[]> TrustedCertificates { get; set; } = [];
}
