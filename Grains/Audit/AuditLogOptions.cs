namespace Gatehouse.Grains.Audit;

/// <summary>How a <see cref="BatchingAuditLog"/> groups appends into transactions.</summary>
public sealed class AuditLogOptions
{
    /// <summary>
    /// The most events committed in one transaction. The writer never waits to fill a batch; it
    /// takes what is queued, up to this many. Default: 512.
    /// </summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>
    /// How many appends may wait for the writer. When the queue is full, further appends wait for
    /// room (back-pressure on the callers) rather than drop events. Default: 8192.
    /// </summary>
    public int QueueCapacity { get; set; } = 8192;
}
