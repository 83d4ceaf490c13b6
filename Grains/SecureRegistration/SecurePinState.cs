namespace Gatehouse.Grains.SecureRegistration;

public sealed class SecurePinState
{
    public string Rid { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}
