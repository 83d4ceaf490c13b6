namespace Gatehouse.Runtime.Tests.TestGrains;

public interface IThrowingGrain : IGrainWithStringKey
{
    Task Fail(string message);

    Task<int> FailAfterAwait(string message);

    Task<int> Increment();
}

public sealed class ThrowingGrain : Grain, IThrowingGrain
{
    private int _count;

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public async Task<int> FailAfterAwait(string message)
    {
        await Task.Yield();
        throw new ArgumentException(message);
    }

    public Task<int> Increment() => Task.FromResult(++_count);
}
