namespace Gatehouse.Runtime.Tests.TestGrains;

public interface ICycleGrain : IGrainWithStringKey
{
    /// <summary>Calls <paramref name="next"/>, which calls back into this grain: a deadlock cycle.</summary>
    Task<string> CallAround(ICycleGrain next, int hops);

    Task<string> Ping();
}

public sealed class CycleGrain : Grain, ICycleGrain
{
    public Task<string> CallAround(ICycleGrain next, int hops) =>
        hops == 0 ? Task.FromResult(GrainId.Key) : next.CallAround(AsReference<ICycleGrain>(), hops - 1);

    public Task<string> Ping() => Task.FromResult("pong");
}
