using Gatehouse.Runtime.Activation;

namespace Gatehouse.Runtime.Timers;

/// <summary>
/// A timer owned by one activation. Each tick is queued as a turn of the activation; the next
/// tick is armed only when that turn has finished, so a slow callback delays ticks instead of
/// stacking them.
/// </summary>
internal sealed class GrainTimer : IDisposable
{
    private readonly ActivationData _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly TimeSpan _period;
    private readonly bool _interleave;
    private readonly CancellationTokenSource _disposed = new();
    private ITimer? _timer;

    public GrainTimer(ActivationData activation, Func<CancellationToken, Task> callback, TimeSpan period, bool interleave)
    {
        _activation = activation;
        _callback = callback;
        _period = period;
        _interleave = interleave;
    }

    public void Start(TimeSpan dueTime) =>
        _timer = _activation.Runtime.TimeProvider.CreateTimer(static s => ((GrainTimer)s!).OnTick(), this, dueTime, Timeout.InfiniteTimeSpan);

    private void OnTick()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        if (!_activation.TryEnqueue(new TickRequest(this)))
        {
            Dispose();
        }
    }

    private void OnTickFinished(Task task)
    {
        if (task.IsFaulted)
        {
            RuntimeLog.TimerFailed(_activation.Runtime.Logger, task.Exception!.InnerException ?? task.Exception, _activation.GrainId.ToString());
        }
        if (_disposed.IsCancellationRequested || _period == Timeout.InfiniteTimeSpan || _period <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            _timer?.Change(_period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the change: nothing left to arm.
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }
        _disposed.Cancel();
        _timer?.Dispose();
        _activation.RemoveTimer(this);
    }

    private sealed class TickRequest(GrainTimer timer) : WorkRequest(timer._activation.Runtime.TimeProvider.GetTimestamp())
    {
        public override bool AlwaysInterleave => timer._interleave;

        // Ticks must not keep an otherwise idle activation alive forever.
        public override bool KeepsAlive => false;

        public override bool IsAbandoned => timer._disposed.IsCancellationRequested;

        public override Task Start(ActivationData activation) => timer._callback(timer._disposed.Token);

        public override void Complete(Task task) => timer.OnTickFinished(task);

        public override void Reject(Exception reason) => timer.Dispose();

        public override string ToString() => $"timer tick on {timer._activation.GrainId}";
    }
}
