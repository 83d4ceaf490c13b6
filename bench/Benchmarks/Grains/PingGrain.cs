using Gatehouse.Runtime;

namespace Gatehouse.Benchmarks.Grains;

/// <summary>
/// A grain with no fields of its own: its activation costs only what the runtime adds, which is
/// what the memory mode and the activation benchmarks measure.
/// </summary>
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value + 1);

    public Task<int> Inspect(Payload payload) => Task.FromResult(payload.Quantity + payload.Tags.Count);
}
