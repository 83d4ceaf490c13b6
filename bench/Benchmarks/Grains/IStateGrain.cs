using Gatehouse.Runtime;

namespace Gatehouse.Benchmarks.Grains;

/// <summary>A grain whose only job is to persist a small state.</summary>
public interface IStateGrain : IGrainWithIntegerKey
{
    /// <summary>Sets the state to <paramref name="value"/>, writes it, and returns it.</summary>
    Task<int> Write(int value);
}
