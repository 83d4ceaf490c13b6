using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Writes this silo's own row: its insertion as joining, then each step forward. Every write is a
/// compare-and-swap on the table's version; a conflict (someone else changed the table since the
/// read) is retried from a fresh read after a short random pause, up to <see cref="MaxAttempts"/> times.
/// </summary>
internal sealed class OwnRowWriter(PostgresMembershipTable table, SiloOptions silo, TimeProvider clock, ILogger logger)
{
    public const int MaxAttempts = 20;

    /// <summary>Inserts the row as joining; returns the timestamp taken just before the write that succeeded (the first heartbeat).</summary>
    public async Task<long> JoinAsync(SiloAddress local, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var snapshot = await table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var sent = clock.GetTimestamp();
            var result = await table.TryJoinAsync(local, silo.SiloName, snapshot.Version, cancellationToken).ConfigureAwait(false);
            if (result == MembershipWriteResult.Written)
            {
                MembershipLog.StatusWritten(logger, local.ToString(), silo.SiloName, MemberStatus.Joining, silo.ServiceId, table.DisplayName);
                return sent;
            }
            if (result == MembershipWriteResult.NotApplicable)
            {
                throw new InvalidOperationException(
                    $"The membership table of service '{silo.ServiceId}' already has a row for {local}. A silo's generation must be new at every start.");
            }
            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
        throw KeptChanging(local, MemberStatus.Joining);
    }

    /// <summary>Moves the row forward to <paramref name="status"/>; false when it was no longer live (the silo was declared dead).</summary>
    public async Task<bool> ChangeAsync(SiloAddress local, MemberStatus status, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var snapshot = await table.ReadAsync(cancellationToken).ConfigureAwait(false);
            var result = await table.TryChangeStatusAsync(local, status, snapshot.Version, null, cancellationToken).ConfigureAwait(false);
            if (result == MembershipWriteResult.Written)
            {
                MembershipLog.StatusWritten(logger, local.ToString(), silo.SiloName, status, silo.ServiceId, table.DisplayName);
                return true;
            }
            if (result == MembershipWriteResult.NotApplicable)
            {
                return false;
            }
            await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
        throw KeptChanging(local, status);
    }

    private InvalidOperationException KeptChanging(SiloAddress local, MemberStatus status) =>
        new($"The membership table of service '{silo.ServiceId}' kept changing; {local} could not write {status} in {MaxAttempts} attempts.");

    private Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * Math.Min(attempt, 10))), clock, cancellationToken);
}
