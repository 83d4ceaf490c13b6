using System.Collections.Concurrent;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Transport;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Runtime.Membership;

/// <summary>
/// Probes other members directly over the transport (a ping answered by a pong, see
/// <see cref="SiloTransport.ProbeAsync"/>) and counts, per member, the probes missed in a row. A
/// killed silo's connections drop and its port refuses, so its probes fail at once; a hung one's
/// time out after <see cref="ClusterMembershipOptions.ProbeTimeout"/>.
/// </summary>
internal sealed class MembershipProber(Func<SiloTransport?> transport, ClusterMembershipOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<SiloAddress, int> _missed = new();

    /// <summary>Probes missed in a row by <paramref name="silo"/>; 0 for one never probed.</summary>
    public int MissedProbes(SiloAddress silo) => _missed.TryGetValue(silo, out var missed) ? missed : 0;

    /// <summary>Probes every target at once and waits for all (each at most a probe timeout).</summary>
    public async Task ProbeAsync(IReadOnlyCollection<SiloAddress> targets, CancellationToken cancellationToken)
    {
        foreach (var known in _missed.Keys)
        {
            if (!targets.Contains(known))
            {
                _missed.TryRemove(known, out _);
            }
        }
        if (transport() is not { } silos || targets.Count == 0)
        {
            return;
        }
        var probes = new Task[targets.Count];
        var i = 0;
        foreach (var target in targets)
        {
            probes[i++] = ProbeOneAsync(silos, target, cancellationToken);
        }
        await Task.WhenAll(probes).ConfigureAwait(false);
    }

    private async Task ProbeOneAsync(SiloTransport silos, SiloAddress target, CancellationToken cancellationToken)
    {
        var answered = await silos.ProbeAsync(target, options.ProbeTimeout, cancellationToken).ConfigureAwait(false);
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        if (answered)
        {
            if (_missed.TryRemove(target, out var before) && before >= options.MissedProbesLimit)
            {
                MembershipLog.ProbeRecovered(logger, target.ToString());
            }
            return;
        }
        var missed = _missed.AddOrUpdate(target, 1, static (_, count) => count + 1);
        if (missed == options.MissedProbesLimit)
        {
            MembershipLog.ProbesMissed(logger, target.ToString(), missed);
        }
    }
}
