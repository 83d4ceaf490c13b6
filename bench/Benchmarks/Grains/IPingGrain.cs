using Gatehouse.Runtime;

namespace Gatehouse.Benchmarks.Grains;

/// <summary>The grain interface every call benchmark goes through.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    /// <summary>Returns <paramref name="value"/> + 1: an int in, an int out, both immutable.</summary>
    Task<int> Ping(int value);

    /// <summary>Takes a small mutable object, which the runtime must copy, and returns an int.</summary>
    Task<int> Inspect(Payload payload);
}
