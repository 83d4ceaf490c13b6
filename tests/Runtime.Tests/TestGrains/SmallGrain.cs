namespace Gatehouse.Runtime.Tests.TestGrains;

public interface ISmallGrain : IGrainWithIntegerKey
{
    Task<long> Ping();
}

/// <summary>As small as a grain gets: used to measure the runtime's own cost per activation.</summary>
public sealed class SmallGrain : Grain, ISmallGrain
{
    public Task<long> Ping() => Task.FromResult(GetPrimaryKeyLong());
}
