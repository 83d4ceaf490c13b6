namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>An SMS could not be handed to the outbox or the gateway. The message never includes the text.</summary>
public sealed class SmsDeliveryException : Exception
{
    public SmsDeliveryException(string message)
        : base(message)
    {
    }

    public SmsDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
