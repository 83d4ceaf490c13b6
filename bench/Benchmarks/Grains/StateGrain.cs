using Gatehouse.Runtime;
using Gatehouse.Runtime.Persistence;

namespace Gatehouse.Benchmarks.Grains;

public sealed class StateGrain([PersistentState("bench")] IPersistentState<SmallState> state) : Grain, IStateGrain
{
    public async Task<int> Write(int value)
    {
        state.State.Value = value;
        state.State.UpdatedBy = "bench";
        await state.WriteStateAsync();
        return value;
    }
}
