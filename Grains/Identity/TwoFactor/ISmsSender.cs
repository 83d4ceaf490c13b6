namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// Delivers text messages. Chosen by <c>Gatehouse:Sms:Sender</c> (see <see cref="SmsOptions"/>).
/// Implementations must never log <see cref="SmsMessage.Text"/>: it carries login codes.
/// </summary>
public interface ISmsSender
{
    /// <exception cref="SmsDeliveryException">The message could not be handed on.</exception>
    Task SendAsync(SmsMessage message, CancellationToken ct);
}
