using System.Collections.Immutable;

namespace Gatehouse.Grains.Messages;

/// <summary>
/// Where device messages live: durable, append-only, and outside grain state (a device's history
/// would make its state unbounded). Device grains take it by constructor injection; they authorize
/// every call, this interface authorizes none.
/// <para>
/// Implementations: <c>MemoryMessageStore</c> (tests), and the SQL stores. A silo has one,
/// chosen by <c>UseConfiguredMessageStore</c> or <c>Add…MessageStore</c>.
/// </para>
/// </summary>
public interface IMessageStore
{
    /// <summary>
    /// Stores a message. Completes only when it is durable (committed), so a caller that answers
    /// 2xx or PUBACK after awaiting it never acknowledges a message that a crash could lose. If it
    /// throws, the message may or may not be stored; the publisher reports failure. Cancelling stops
    /// the wait, not the write.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The store has been shut down.</exception>
    ValueTask AppendAsync(StoredMessage message, CancellationToken cancellationToken = default);

    /// <summary>One page of a device's messages in time order (<see cref="MessageRange"/>).</summary>
    /// <exception cref="InvalidRequestException">A bad limit, range or cursor.</exception>
    Task<MessagePage> ReadAsync(string deviceId, MessageRange range, CancellationToken cancellationToken = default);

    /// <summary>The latest value of every field the device has sent (within retention), by field name.</summary>
    Task<ImmutableArray<FieldValue>> LatestAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>Aggregates per interval, ordered by bucket start then field name (<see cref="SeriesQuery"/>).</summary>
    /// <exception cref="InvalidRequestException">An empty range, an interval below the minimum, or too many buckets.</exception>
    Task<ImmutableArray<SeriesBucket>> AggregateAsync(string deviceId, SeriesQuery query, CancellationToken cancellationToken = default);

    /// <summary>Removes a deleted device's messages; returns how many.</summary>
    Task<long> DeleteDeviceAsync(string deviceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Retention: removes every message whose <see cref="DeviceMessage.Timestamp"/> is before
    /// <paramref name="cutoff"/>, with whatever the store derived from them (aggregates, latest
    /// values), so reads after it agree with the messages left; returns how many messages.
    /// Stores keep whole milliseconds, so a finer cutoff (like every range bound) counts as the
    /// next whole millisecond: "before" stays exact (<see cref="MessageQueryRules.BoundMilliseconds"/>).
    /// </summary>
    Task<long> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default);
}
