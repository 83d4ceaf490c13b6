using System.Collections.Immutable;

namespace Gatehouse.Grains.Devices;

/// <summary>A device type as its readers see it. <see cref="Secure"/> types register devices only through ARTIK's certificate flow, trusting <see cref="Trust"/>.</summary>
public sealed record DeviceTypeView(
    string Id,
    string Name,
    string? Description,
    string OwnerId,
    DeviceVisibility Visibility,
    ImmutableArray<FieldDefinition> Fields,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    bool Secure,
    ImmutableArray<TrustedCertificateView> Trust);
