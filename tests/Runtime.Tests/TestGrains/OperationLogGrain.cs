using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Tests.TestGrains;

/// <summary>For the cluster tests: a persisted list of operation ids, each applied at most once.</summary>
public interface IOperationLogGrain : IGrainWithStringKey
{
    /// <summary>Adds the operation unless the list has it already (so a retry with the same id is harmless); returns the count.</summary>
    Task<int> Apply(string operationId);

    /// <summary>Reads the state now, waits for the test to open <paramref name="gate"/>, then applies the operation from what it read.</summary>
    Task<int> ApplyAfter(string operationId, string gate);

    Task<List<string>> Operations();

    /// <summary>The name of the silo the activation runs on.</summary>
    Task<string> WhereAmI();
}

public sealed class OperationLogState
{
    public List<string> Operations { get; set; } = [];
}

public sealed class OperationLogGrain(
    [PersistentState("operations")] IPersistentState<OperationLogState> state,
    IOptions<SiloOptions> options) : Grain, IOperationLogGrain
{
    public async Task<int> Apply(string operationId)
    {
        if (!state.State.Operations.Contains(operationId))
        {
            state.State.Operations.Add(operationId);
            await state.WriteStateAsync();
        }
        return state.State.Operations.Count;
    }

    public async Task<int> ApplyAfter(string operationId, string gate)
    {
        await RemoteProbeGrain.Gates.GetOrAdd(gate, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        return await Apply(operationId);
    }

    public Task<List<string>> Operations() => Task.FromResult(state.State.Operations.ToList());

    public Task<string> WhereAmI() => Task.FromResult(options.Value.SiloName);
}
