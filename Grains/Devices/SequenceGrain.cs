using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Grains.Devices;

/// <summary>Each number is written before it is handed out, so a restart never repeats one (it may skip none: turns are single-threaded).</summary>
public sealed class SequenceGrain([PersistentState("sequence")] IPersistentState<SequenceState> sequence) : Grain, ISequenceGrain
{
    public async Task<long> NextAsync()
    {
        sequence.State.Last++;
        await sequence.WriteStateAsync();
        return sequence.State.Last;
    }
}
