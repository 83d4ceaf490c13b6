using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Grains.Messages.Retention;

/// <summary>
/// Deletes messages older than <see cref="MessageOptions.Retention"/>: a minute after the silo
/// starts, then every <see cref="MessageOptions.RetentionSweepInterval"/>, on the injected
/// <see cref="TimeProvider"/>. The store deletes in short chunks, so appends keep flowing during a
/// sweep. Every silo sweeps; on a shared database the second finds little left, and deletes are
/// idempotent. With no retention configured it does nothing.
/// </summary>
public sealed partial class MessageRetentionService : IHostedService, IAsyncDisposable
{
    /// <summary>How long after start-up the first sweep runs, so a silo that restarts often still sweeps.</summary>
    public static TimeSpan FirstSweepDelay { get; } = TimeSpan.FromMinutes(1);

    private readonly IMessageStore _store;
    private readonly MessageOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private Task _sweep = Task.CompletedTask;

    public MessageRetentionService(IMessageStore store, IOptions<MessageOptions> options, TimeProvider? time = null, ILogger<MessageRetentionService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (_options.Retention is { } retention && retention <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), retention, "Gatehouse:Messages:Retention must be positive (or unset to keep messages forever).");
        }
        if (_options.RetentionSweepInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.RetentionSweepInterval, "Gatehouse:Messages:RetentionSweepInterval must be positive.");
        }
    }

    /// <summary>The sweep running now, or the last one (completed); tests await it.</summary>
    public Task CurrentSweep
    {
        get
        {
            lock (_lock)
            {
                return _sweep;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Retention is not null)
        {
            _timer = _time.CreateTimer(_ => StartSweep(), null, FirstSweepDelay, _options.RetentionSweepInterval);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_timer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await CurrentSweep.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the chunk in flight was rolled back; the next start sweeps again.
        }
    }

    /// <summary>Deletes what is older than the retention now; returns how many messages went.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        if (_options.Retention is not { } retention)
        {
            return 0;
        }
        var cutoff = _time.GetUtcNow() - retention;
        var removed = await _store.DeleteOlderThanAsync(cutoff, cancellationToken).ConfigureAwait(false);
        LogSwept(_logger, removed, cutoff);
        return removed;
    }

    public async ValueTask DisposeAsync()
    {
        if (_timer is { } timer)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
        _stopping.Dispose();
    }

    private void StartSweep()
    {
        lock (_lock)
        {
            // A sweep still running when the next is due (a huge backlog) simply continues.
            if (!_sweep.IsCompleted || _stopping.IsCancellationRequested)
            {
                return;
            }
            _sweep = Task.Run(async () =>
            {
                try
                {
                    await SweepAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception exception) when (!_stopping.IsCancellationRequested)
                {
                    LogSweepFailed(_logger, exception);
                }
            });
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Message retention deleted {Count} messages older than {Cutoff:O}.")]
    private static partial void LogSwept(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(2, LogLevel.Error, "A message retention sweep failed; the next one retries.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
