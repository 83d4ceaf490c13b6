using System.Text.RegularExpressions;

namespace Gatehouse.Grains.Identity.TwoFactor;

/// <summary>
/// One text message. <see cref="To"/> must be an E.164 number (<c>+</c>, country code, subscriber
/// number; 8–16 characters): what SMS gateways accept, and one spelling per phone, so masking and
/// rate limits see the same number however the user typed it. Normalizing user input to E.164 is the
/// caller's job.
/// </summary>
public sealed partial record SmsMessage
{
    public SmsMessage(string to, string text)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (!E164().IsMatch(to))
        {
            throw new ArgumentException($"'{PhoneNumberMask.Mask(to)}' is not an E.164 phone number (+ then 7 to 15 digits, no spaces).", nameof(to));
        }
        ArgumentException.ThrowIfNullOrEmpty(text);
        To = to;
        Text = text;
    }

    public string To { get; }

    /// <summary>The body. Usually holds a login code: never log it.</summary>
    public string Text { get; }

    // The record's generated ToString would print Text (the code) into any log line that formats
    // a message; this one masks the number and leaves the text out.
    public override string ToString() => $"SmsMessage {{ To = {PhoneNumberMask.Mask(To)}, Text = ({Text.Length} chars) }}";

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
