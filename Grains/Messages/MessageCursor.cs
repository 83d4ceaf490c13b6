using System.Globalization;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// The position after a message in its device's series: its time (Unix milliseconds) and the
/// store's sequence number, which breaks ties between messages of the same millisecond. Every
/// store orders by (time, sequence), so the cursor is exact and a page never repeats or skips a
/// message that was there when the previous page was read. Opaque to clients.
/// </summary>
public readonly record struct MessageCursor(long TimestampMs, long Sequence)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{TimestampMs}_{Sequence}");

    /// <exception cref="InvalidRequestException">The text is not a cursor this API issued.</exception>
    public static MessageCursor Parse(string text)
    {
        var separator = text.IndexOf('_', StringComparison.Ordinal);
        if (separator > 0
            && long.TryParse(text.AsSpan(0, separator), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp)
            && long.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return new MessageCursor(timestamp, sequence);
        }
        throw new InvalidRequestException("The cursor is not one this API issued; pass nextCursor from the previous page unchanged.");
    }
}
