using Gatehouse.Runtime;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// Which of a device's messages to read: those whose <see cref="DeviceMessage.Timestamp"/> is in
/// [<see cref="From"/>, <see cref="To"/>), oldest first (or newest first with <see cref="Descending"/>),
/// one page at a time. Pass the previous page's <see cref="MessagePage.NextCursor"/> as
/// <see cref="Cursor"/> for the next page of the same range and order.
/// </summary>
[Immutable]
public sealed record MessageRange
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    /// <summary>Inclusive lower bound; null: from the first message.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Exclusive upper bound; null: up to the latest message.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Opaque; from <see cref="MessagePage.NextCursor"/>. A malformed cursor is an <see cref="InvalidRequestException"/>.</summary>
    public string? Cursor { get; init; }

    /// <summary>Page size, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = DefaultLimit;

    public bool Descending { get; init; }
}
