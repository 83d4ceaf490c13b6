using Gatehouse.Runtime.Hosting;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// What a silo does when the membership view changes: it deactivates (gracefully) the
/// activations placement now puts elsewhere, and re-reads the reminders so it schedules exactly
/// those it owns. It also resyncs reminders every <see cref="ClusterMembershipOptions.ReminderRefreshInterval"/>
/// to pick up reminders registered through another silo while views disagreed.
/// </summary>
internal sealed class ClusterReactions(SiloRuntime runtime, IMembershipService membership, IOptions<ClusterMembershipOptions> options)
    : ISiloLifecycleParticipant
{
    private readonly CancellationTokenSource _stopping = new();
    private int _subscribed;

    public Task OnStartedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            membership.ViewChanged += OnViewChanged;
            _ = ResyncRemindersPeriodicallyAsync(_stopping.Token);
            // A view published between loading the reminders and subscribing would be missed otherwise.
            OnViewChanged(membership.View);
        }
        return Task.CompletedTask;
    }

    public Task OnStoppingAsync(CancellationToken cancellationToken)
    {
        // A stopping silo deactivates everything anyway and schedules nothing more.
        Unsubscribe();
        return Task.CompletedTask;
    }

    public Task OnStoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void OnKilled() => Unsubscribe();

    private void OnViewChanged(MembershipView view)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        runtime.Catalog.DeactivateNotOwned();
        _ = ResyncRemindersAsync(_stopping.Token);
    }

    private async Task ResyncRemindersAsync(CancellationToken cancellationToken)
    {
        try
        {
            await runtime.Reminders.ResyncAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The next view change or period tries again.
            RuntimeLog.ReminderLoadFailed(runtime.Logger, exception);
        }
    }

    private async Task ResyncRemindersPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReminderRefreshInterval, runtime.TimeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await ResyncRemindersAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Unsubscribe()
    {
        if (Interlocked.Exchange(ref _subscribed, 2) == 1)
        {
            membership.ViewChanged -= OnViewChanged;
        }
        _stopping.Cancel();
    }
}
