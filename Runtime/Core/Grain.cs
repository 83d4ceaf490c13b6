using System.Globalization;
using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Timers;

namespace Gatehouse.Runtime;

/// <summary>
/// Base class of every grain. A grain object is built by the runtime with constructor
/// injection; its identity, factory and lifecycle hooks are available from the constructor on.
/// </summary>
public abstract class Grain
{
    private readonly ActivationData? _activation;

    protected Grain()
    {
        // The activator publishes the activation being built for the duration of the constructor
        // call, so a grain needs no constructor parameter to know who it is.
        _activation = GrainActivator.Constructing;
    }

    private ActivationData Activation =>
        _activation ?? throw new InvalidOperationException("This grain object was not created by the runtime.");

    public GrainId GrainId => Activation.GrainId;

    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    public Guid GetPrimaryKey() => Guid.ParseExact(Activation.GrainId.Key, "N");

    public long GetPrimaryKeyLong() => long.Parse(Activation.GrainId.Key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Runs once, after persistent state is read and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Runs when the activation is deactivated gracefully. It is not run when a process crashes,
    /// so durable effects belong in calls, not here.
    /// </summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current call finishes.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>
    /// Starts a timer whose callback runs as a turn of this activation (so it never overlaps a
    /// call unless <paramref name="interleave"/>). The next tick is scheduled after the callback
    /// finishes, so ticks never pile up. Timers end with the activation and do not keep it alive.
    /// </summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period, bool interleave = false)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new GrainTimer(Activation, callback, period, interleave);
        Activation.AddTimer(timer);
        timer.Start(dueTime);
        return timer;
    }

    /// <summary>
    /// Registers (or moves) a durable reminder. The grain must implement <see cref="IRemindable"/>.
    /// Reminders survive deactivation and restarts and activate the grain when due.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().FullName} must implement IRemindable to register reminders.");
        }
        return Activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    protected Task UnregisterReminder(IGrainReminder reminder) => Activation.Runtime.Reminders.UnregisterAsync(GrainId, reminder);

    protected Task<IGrainReminder?> GetReminder(string reminderName) => Activation.Runtime.Reminders.GetReminderAsync(GrainId, reminderName);

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Activation.Runtime.Reminders.GetRemindersAsync(GrainId);

    /// <summary>A reference to this grain, to pass to other grains (never pass <c>this</c>).</summary>
    protected TGrainInterface AsReference<TGrainInterface>() where TGrainInterface : IAddressable =>
        Activation.Runtime.GrainFactory.GetGrain<TGrainInterface>(GrainId);
}
