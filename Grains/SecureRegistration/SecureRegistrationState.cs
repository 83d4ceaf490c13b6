namespace Gatehouse.Grains.SecureRegistration;

public sealed class SecureRegistrationState
{
    public string DeviceTypeId { get; set; } = "";

    public string VendorDeviceId { get; set; } = "";

    /// <summary>The device certificate (DER, public), checked against the type's trust again at completion.</summary>
    public byte[] Certificate { get; set; } = [];

    /// <summary>SHA-256 of the DER of the certificate the device started with; every later call must present the same.</summary>
    public string CertificateThumbprint { get; set; } = "";

    /// <summary>Uppercase hex, as certificate viewers show it; the user types its last 4 digits.</summary>
    public string CertificateSerialNumber { get; set; } = "";

    public byte[] PinDigest { get; set; } = [];

    public byte[] NonceDigest { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>PendingUserConfirmation, PendingDeviceCompletion, Registered or Revoked; EXPIRED is read from the clock.</summary>
    public SecureRegistrationStatus Status { get; set; }

    public int FailedConfirmations { get; set; }

    public string? ConfirmedBy { get; set; }

    public string? ConfirmedAccountId { get; set; }

    public string? DeviceId { get; set; }
}
