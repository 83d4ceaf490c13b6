namespace Gatehouse.Grains.SecureRegistration;

/// <summary>What a slot tells a new request: the device, its certificate (DER), and digests of its PIN and nonce.</summary>
public sealed record SecureRegistrationRecord(
    string DeviceTypeId,
    string VendorDeviceId,
    byte[] Certificate,
    byte[] PinDigest,
    byte[] NonceDigest,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);
