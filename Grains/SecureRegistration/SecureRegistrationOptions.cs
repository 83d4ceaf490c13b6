namespace Gatehouse.Grains.SecureRegistration;

/// <summary>ARTIK secure registration, from <c>Gatehouse:SecureRegistration</c>.</summary>
public sealed class SecureRegistrationOptions
{
    public const string SectionName = "Gatehouse:SecureRegistration";

    /// <summary>How long a request waits for the user and then the device. Default 10 minutes, so the PIN, a short secret, is short-lived.</summary>
    public TimeSpan RequestLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong PIN or serial digits a request takes before it refuses every confirmation. Default 5.</summary>
    public int MaxConfirmationAttempts { get; set; } = 5;
}
