using System.Text.Json;

namespace Gatehouse.Grains.Devices;

public sealed class DeviceState
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string OwnerId { get; set; } = "";

    /// <summary>Kept with the device (usernames never change) so WoTKit's <c>owner</c> needs no lookup.</summary>
    public string? OwnerUsername { get; set; }

    /// <summary>A number from the "device" sequence: WoTKit's numeric sensor id.</summary>
    public long Number { get; set; }

    public string? AccountId { get; set; }

    public string? TypeId { get; set; }

    public string? VendorDeviceId { get; set; }

    public string? Handle { get; set; }

    public DeviceVisibility Visibility { get; set; }

    public List<DeviceShare> Shares { get; set; } = [];

    public Dictionary<string, JsonElement> Properties { get; set; } = [];

    public GeoLocation? Location { get; set; }

    public List<string> Tags { get; set; } = [];

    public List<FieldDefinition> Fields { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public List<string> KeyIds { get; set; } = [];

    /// <summary>
    /// Secure devices (ARTIK secure registration): the SHA-256 thumbprint of the client certificate
    /// the device registered with. Every credential of the device works only with it (seed 002).
    /// </summary>
    public string? CertificateThumbprint { get; set; }
}
