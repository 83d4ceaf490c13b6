using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Decides which peers are dead and says so in the table. A peer is dead when it missed
/// <see cref="ClusterMembershipOptions.MissedProbesLimit"/> probes in a row and its heartbeat is
/// older than <see cref="ClusterMembershipOptions.SuspectHeartbeatAge"/>, or when its heartbeat is
/// older than <see cref="ClusterMembershipOptions.DeathTimeout"/>. Both rules need the database to
/// find the heartbeat stale (it checks the age again in the declaring statement), so one silo's
/// word is enough: a silo that merely cannot reach a healthy peer cannot kill it.
/// </summary>
internal sealed class DeathDetector(PostgresMembershipTable table, ClusterMembershipOptions options, MembershipProber prober, ILogger logger)
{
    /// <summary>Probes every live peer of <paramref name="snapshot"/> once.</summary>
    public Task ProbePeersAsync(MembershipSnapshot snapshot, SiloAddress local, CancellationToken cancellationToken)
    {
        var targets = snapshot.Entries
            .Where(e => e.Status != MemberStatus.Dead && e.Role == ClusterRole.Silo && e.Address != local)
            .Select(e => e.Address)
            .ToList();
        return prober.ProbeAsync(targets, cancellationToken);
    }

    /// <summary>Declares the first peer that qualifies dead; true when the table changed (or moved under this silo) and must be read again.</summary>
    public async Task<bool> TryDeclareOneDeadAsync(MembershipSnapshot snapshot, SiloAddress local, CancellationToken cancellationToken)
    {
        foreach (var entry in snapshot.Entries)
        {
            if (entry.Address == local || entry.Status == MemberStatus.Dead || Judge(entry) is not var (minimumAge, reason))
            {
                continue;
            }
            MembershipWriteResult result;
            try
            {
                result = await table.TryChangeStatusAsync(entry.Address, MemberStatus.Dead, snapshot.Version, minimumAge, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                MembershipLog.DeclareFailed(logger, exception, entry.Address.ToString());
                return false;
            }
            if (result == MembershipWriteResult.Written)
            {
                MembershipLog.DeclaredDead(logger, entry.Address.ToString(), entry.SiloName, reason);
            }
            return result != MembershipWriteResult.NotApplicable;
        }
        return false;
    }

    /// <summary>Null when the peer is alive; otherwise the heartbeat age the database must confirm, and why.</summary>
    private (TimeSpan MinimumAge, string Reason)? Judge(MembershipEntry entry)
    {
        if (entry.HeartbeatAge > options.DeathTimeout)
        {
            return (options.DeathTimeout, $"no heartbeat for {entry.HeartbeatAge.TotalSeconds:0.0} s");
        }
        var missed = prober.MissedProbes(entry.Address);
        if (missed >= options.MissedProbesLimit && entry.HeartbeatAge > options.SuspectHeartbeatAge)
        {
            return (options.SuspectHeartbeatAge, $"{missed} probes missed and no heartbeat for {entry.HeartbeatAge.TotalSeconds:0.0} s");
        }
        return null;
    }
}
