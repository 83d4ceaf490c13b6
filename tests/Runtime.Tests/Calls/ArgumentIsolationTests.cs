using Gatehouse.Runtime.Tests.TestGrains;

namespace Gatehouse.Runtime.Tests.Calls;

/// <summary>No two grains (or a grain and its caller) ever share a mutable object.</summary>
public sealed class ArgumentIsolationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Mutable_arguments_and_results_are_copied(bool serializeAllCalls)
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = serializeAllCalls));
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("doc");
        var mine = new MutableDocument { Title = "draft", Tags = ["mine"] };

        var returned = await grain.Scribble(mine);

        Assert.Equal("draft", mine.Title);
        Assert.Equal(["mine"], mine.Tags);
        Assert.Equal("draft (scribbled)", returned.Title);

        returned.Tags.Add("caller-side");
        Assert.Equal(["mine", "grain"], (await grain.Kept()).Tags);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Default_immutable_arrays_cross_calls_as_default_on_both_paths(bool serializeAllCalls)
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = serializeAllCalls));
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("arrays");

        Assert.True((await grain.EchoArray(default)).IsDefault);
        Assert.Equal(new[] { "a", "b" }, (await grain.EchoArray(["a", "b"])).ToArray());
        Assert.Empty(await grain.EchoArray([]));
    }

    [Fact]
    public async Task Provably_immutable_arguments_pass_by_reference_in_process()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = false));
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("point");
        var point = new ImmutablePoint(1, 2, "p");

        await grain.SameInstance(point);
        Assert.True(await grain.SameInstance(point));
    }

    [Fact]
    public async Task The_serializing_path_copies_even_immutable_arguments()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = true));
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("point");
        var point = new ImmutablePoint(1, 2, "p");

        await grain.SameInstance(point);
        Assert.False(await grain.SameInstance(point));
    }

    [Fact]
    public async Task The_serializing_path_rejects_a_type_that_cannot_cross_silos()
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = true));
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("opaque");

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => grain.Take(new OpaqueHandle(1, 2)));
        Assert.Contains(nameof(OpaqueHandle), error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Grain_references_travel_as_arguments_and_results(bool serializeAllCalls)
    {
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureOptions(o => o.SerializeAllCalls = serializeAllCalls));
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("passed");
        var echo = await cluster.GrainFactory.GetGrain<IDocumentGrain>("echo").Echo(counter);

        Assert.Equal(counter, echo);
        Assert.Equal(3, await echo.Add(3));
    }

    [Fact]
    public async Task ValueTask_methods_work()
    {
        await using var cluster = await TestClusters.StartAsync();
        var grain = cluster.GrainFactory.GetGrain<IDocumentGrain>("vt");

        Assert.Equal(5, await grain.ValueTaskAdd(2, 3));
        await grain.Nothing();
    }
}
