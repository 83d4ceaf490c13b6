namespace Gatehouse.Runtime.Hosting;

/// <summary>
/// A part of the silo that must act at the edges of its life beyond start-up tasks: cluster
/// membership writes its row as shutting down before the grains are deactivated and as dead
/// after, and must write nothing at all when the silo is killed. <see cref="SiloHost"/> calls
/// the participants in registration order.
/// </summary>
internal interface ISiloLifecycleParticipant
{
    /// <summary>After the start-up tasks and reminders, just before the silo reports Active.</summary>
    Task OnStartedAsync(CancellationToken cancellationToken);

    /// <summary>A graceful stop begins; the grains are still active.</summary>
    Task OnStoppingAsync(CancellationToken cancellationToken);

    /// <summary>A graceful stop has deactivated the grains.</summary>
    Task OnStoppedAsync(CancellationToken cancellationToken);

    /// <summary>The silo stops as a crash would (killed, or declared dead): stop at once and write nothing.</summary>
    void OnKilled();
}
