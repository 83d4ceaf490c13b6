using System.Diagnostics.Metrics;

namespace Gatehouse.Runtime.Diagnostics;

/// <summary>
/// Counts what the silo asks of its databases, on the <see cref="MeterNames.Runtime"/> meter:
/// <c>gatehouse.storage.operations</c> (every finished operation), <c>gatehouse.storage.errors</c>
/// (those that failed: the database was unreachable, refused, or timed out),
/// <c>gatehouse.storage.conflicts</c> (a compare-and-swap that found another version: the design
/// working as intended when two writers race, so it is not an error), and
/// <c>gatehouse.storage.duration</c>. Each is labelled with a <see cref="StorageOperation"/>.
/// An operation the caller cancelled counts as an operation only: it says nothing about the
/// database. One per silo (a DI singleton); the runtime instruments grain state and reminders,
/// and the stores in Gatehouse.Grains their batch commits.
/// </summary>
public sealed class StorageInstruments
{
    public const string GrainState = "grain-state";
    public const string Reminders = "reminders";
    public const string Messages = "messages";
    public const string Audit = "audit";

    private readonly TimeProvider _time;
    private readonly Counter<long> _operations;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _conflicts;
    private readonly Histogram<double> _duration;

    public StorageInstruments(IMeterFactory meterFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _time = timeProvider ?? TimeProvider.System;
        var meter = meterFactory.Create(MeterNames.Runtime);
        _operations = meter.CreateCounter<long>("gatehouse.storage.operations", "{operation}",
            "Storage operations finished, whatever their outcome.");
        _errors = meter.CreateCounter<long>("gatehouse.storage.errors", "{operation}",
            "Storage operations that failed (database unreachable, refused or timed out); version conflicts are not counted here.");
        _conflicts = meter.CreateCounter<long>("gatehouse.storage.conflicts", "{operation}",
            "Compare-and-swap writes that found another version (InconsistentStateException): concurrent writers, not faults.");
        _duration = meter.CreateHistogram("gatehouse.storage.duration", "s",
            "How long storage operations took, failures included.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });
    }

    /// <summary>The timestamp to pass to the method that records how the operation ended.</summary>
    public long Start() => _time.GetTimestamp();

    public void Succeeded(in StorageOperation operation, long started) => Finish(operation, started);

    /// <summary>A compare-and-swap that lost: counted as a conflict, not an error.</summary>
    public void Conflicted(in StorageOperation operation, long started)
    {
        Finish(operation, started);
        _conflicts.Add(1, Store(operation), Provider(operation), Operation(operation));
    }

    /// <summary>Classifies <paramref name="exception"/>: a conflict, a cancellation by the caller, or an error.</summary>
    public void Failed(in StorageOperation operation, long started, Exception exception, CancellationToken cancellationToken = default)
    {
        if (exception is InconsistentStateException)
        {
            Conflicted(operation, started);
            return;
        }
        Finish(operation, started);
        if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            return;
        }
        _errors.Add(1, Store(operation), Provider(operation), Operation(operation));
    }

    /// <summary>
    /// Runs one operation and counts how it ended; for operations that are rare or batched (a
    /// group commit), since the delegate costs an allocation per call.
    /// </summary>
    public async Task MeasureAsync(StorageOperation operation, Func<CancellationToken, Task> run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var started = Start();
        try
        {
            await run(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Failed(operation, started, exception, cancellationToken);
            throw;
        }
        Succeeded(operation, started);
    }

    private void Finish(in StorageOperation operation, long started)
    {
        _operations.Add(1, Store(operation), Provider(operation), Operation(operation));
        if (_duration.Enabled)
        {
            _duration.Record(_time.GetElapsedTime(started).TotalSeconds, Store(operation), Operation(operation));
        }
    }

    private static KeyValuePair<string, object?> Store(in StorageOperation operation) => new("store", operation.Store);

    private static KeyValuePair<string, object?> Provider(in StorageOperation operation) => new("provider", operation.Provider);

    private static KeyValuePair<string, object?> Operation(in StorageOperation operation) => new("operation", operation.Operation);
}
