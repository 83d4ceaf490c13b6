using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Calls;

public sealed class ExceptionPropagationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_throwing_grain_reaches_the_caller_with_type_and_message_and_stays_usable(bool serializeAllCalls)
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = serializeAllCalls));
        var grain = cluster.GrainFactory.GetGrain<IThrowingGrain>("thrower");

        Assert.Equal(1, await grain.Increment());
        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Fail("broken on purpose"));
        Assert.Equal("broken on purpose", sync.Message);
        var async = await Assert.ThrowsAsync<ArgumentException>(() => grain.FailAfterAwait("after an await"));
        Assert.Equal("after an await", async.Message);

        // Same activation, state intact: the exception did not kill it.
        Assert.Equal(2, await grain.Increment());
    }

    [Fact]
    public async Task A_failed_activation_fails_the_call_and_the_next_call_activates_anew()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IFailingActivationGrain>("flaky");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.Attempt());
        Assert.Equal("first activation fails", error.Message);

        Assert.Equal(2, await grain.Attempt());
    }
}
