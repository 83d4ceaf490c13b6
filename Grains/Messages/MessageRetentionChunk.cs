namespace Gatehouse.Grains.Messages;

/// <summary>
/// How the SQL stores split retention into short transactions. A chunk deletes one device's
/// messages before a cut no later than the cutoff, chosen so it holds about the chunk size; then,
/// in the same transaction, the rollup minutes wholly before the cut, and the rollup of the minute
/// the cut falls in, which is aggregated again (last value included) from the messages left. Every
/// chunk leaves the rollups, and so the latest values, equal to what the remaining messages give.
/// </summary>
internal static class MessageRetentionChunk
{
    /// <summary>
    /// The cut for a chunk: the cutoff when fewer than a chunk's messages are before it; else the
    /// time of the chunk-th oldest message (so fewer than a chunk go), but always past the oldest
    /// message, so a millisecond holding more than a chunk still makes progress.
    /// </summary>
    /// <param name="oldest">The time of the device's oldest message before the cutoff.</param>
    /// <param name="chunkth">The time of its chunk-th oldest message before the cutoff, if it has that many.</param>
    public static long Until(long cutoffMs, long oldest, long? chunkth) =>
        chunkth is { } nth ? Math.Min(cutoffMs, Math.Max(nth, oldest + 1)) : cutoffMs;
}
