namespace Gatehouse.Runtime.Membership;

/// <summary>
/// The periodic work of membership (heartbeat, table read, probes), each on its own
/// <see cref="PeriodicTimer"/> of the injected clock, all stopped together. A tick that throws is
/// reported and the loop goes on; a tick never overlaps the next one of the same loop.
/// </summary>
internal sealed class MembershipLoops(TimeProvider clock, Action<Exception> report)
{
    private readonly CancellationTokenSource _stopping = new();

    public void Start(TimeSpan interval, Func<CancellationToken, Task> tick) => _ = RunAsync(interval, tick, _stopping.Token);

    public void Stop()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>A token for one database operation of a loop: canceled on stop or after <paramref name="limit"/>, so a hung call cannot stall its loop.</summary>
    public CancellationTokenSource Limit(TimeSpan limit)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(limit);
        return timeout;
    }

    private async Task RunAsync(TimeSpan interval, Func<CancellationToken, Task> tick, CancellationToken token)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try
                {
                    await tick(token).ConfigureAwait(false);
                }
                catch (Exception exception) when (!token.IsCancellationRequested)
                {
                    report(exception);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
}
