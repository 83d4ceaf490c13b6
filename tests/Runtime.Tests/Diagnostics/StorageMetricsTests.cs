using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Runtime.Tests.Diagnostics;

/// <summary>
/// Grain storage as <c>/metrics</c> shows it: every operation counted, a provider that throws
/// counted as a storage error, a lost compare-and-swap counted as a conflict and not an error.
/// </summary>
public sealed class StorageMetricsTests
{
    private const string Operations = "gatehouse_storage_operations_total";
    private const string Errors = "gatehouse_storage_errors_total";
    private const string Conflicts = "gatehouse_storage_conflicts_total";

    [Fact]
    public async Task Reads_and_writes_are_counted_by_store_provider_and_operation()
    {
        await using var cluster = await TestClusters.StartAsync();
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("stored");

        await counter.Add(1);
        await counter.Add(2);
        var text = Scrape.Of(cluster.Primary);

        Assert.Equal(1, text.Count(Operations, ("store", "grain-state"), ("provider", "MemoryGrainStorage"), ("operation", "read")));
        Assert.Equal(2, text.Count(Operations, ("store", "grain-state"), ("provider", "MemoryGrainStorage"), ("operation", "write")));
        Assert.Equal(0, text.Count(Errors, ("store", "grain-state"), ("provider", "MemoryGrainStorage"), ("operation", "write")));
        Assert.Equal(3, text.Count("gatehouse_storage_duration_seconds_count", ("store", "grain-state"), ("operation", "read"))
            + text.Count("gatehouse_storage_duration_seconds_count", ("store", "grain-state"), ("operation", "write")));
    }

    [Fact]
    public async Task A_provider_that_throws_is_counted_as_a_storage_error()
    {
        var storage = new FailingGrainStorage(() => new IOException("the disk went away"));
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureSilo(silo =>
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage)));
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("doomed");

        await Assert.ThrowsAsync<IOException>(() => counter.Add(1));
        var text = Scrape.Of(cluster.Primary);

        Assert.Equal(1, text.Count(Errors, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "write")));
        Assert.Equal(1, text.Count(Operations, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "write")));
        Assert.Equal(0, text.Count(Conflicts, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "write")));
        Assert.Equal(0, text.Count(Errors, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "read")));
    }

    [Fact]
    public async Task A_version_conflict_is_counted_as_a_conflict_not_as_an_error()
    {
        var storage = new FailingGrainStorage(() => new InconsistentStateException("Someone else wrote first.", "v2", "v1"));
        await using var cluster = await TestClusters.StartAsync(b => b.ConfigureSilo(silo =>
            silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, storage)));
        var counter = cluster.GrainFactory.GetGrain<ICounterGrain>("raced");

        await Assert.ThrowsAsync<InconsistentStateException>(() => counter.Add(1));
        var text = Scrape.Of(cluster.Primary);

        Assert.Equal(1, text.Count(Conflicts, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "write")));
        Assert.Equal(0, text.Count(Errors, ("store", "grain-state"), ("provider", nameof(FailingGrainStorage)), ("operation", "write")));
    }

    [Fact]
    public async Task Reminder_table_operations_are_counted()
    {
        await using var cluster = await TestClusters.StartAsync();

        // Start-up reads every reminder once.
        var text = Scrape.Of(cluster.Primary);

        Assert.Equal(1, text.Count(Operations, ("store", "reminders"), ("provider", "MemoryReminderTable"), ("operation", "read")));
    }

    /// <summary>Reads find nothing; writes and clears fail with the exception given.</summary>
    private sealed class FailingGrainStorage(Func<Exception> failure) : IGrainStorage
    {
        public Task<GrainStateRecord?> ReadAsync(string stateName, GrainId grainId, CancellationToken cancellationToken = default) =>
            Task.FromResult<GrainStateRecord?>(null);

        public Task<string> WriteAsync(string stateName, GrainId grainId, ReadOnlyMemory<byte> data, string? expectedEtag, CancellationToken cancellationToken = default) =>
            Task.FromException<string>(failure());

        public Task<string> ClearAsync(string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken = default) =>
            Task.FromException<string>(failure());
    }
}
