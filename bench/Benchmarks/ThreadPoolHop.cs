namespace Gatehouse.Benchmarks;

/// <summary>
/// The floor under any design that runs each call as a thread-pool work item: one work item,
/// one TaskCompletionSource, one hop, no runtime. The throughput mode runs it next to the grain
/// calls to show how much of a call's cost is the hop itself.
/// </summary>
internal sealed class ThreadPoolHop : IThreadPoolWorkItem
{
    private readonly TaskCompletionSource<int> _completion = new();
    private readonly int _value;

    private ThreadPoolHop(int value) => _value = value;

    public static Task<int> Run(int value)
    {
        var hop = new ThreadPoolHop(value);
        ThreadPool.UnsafeQueueUserWorkItem(hop, preferLocal: false);
        return hop._completion.Task;
    }

    public void Execute() => _completion.TrySetResult(_value + 1);
}
