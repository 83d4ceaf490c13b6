using System.Collections.Immutable;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Security;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>Who may read which audit log, checked through real grain calls on a test cluster.</summary>
public sealed class AuditLogGrainTests : IAsyncLifetime
{
    private TestCluster _cluster = null!;

    private IAuditLogGrain Log(string key) => _cluster.GrainFactory.GetGrain<IAuditLogGrain>(key);

    public async Task InitializeAsync()
    {
        // Every call goes through the wire format, as between silos, so the audit records are
        // proven to cross one intact.
        _cluster = await StartClusterAsync(builder => builder.ConfigureOptions(o => o.SerializeAllCalls = true));
        var log = _cluster.Primary.Services.GetRequiredService<IAuditLog>();
        Assert.IsType<MemoryAuditLog>(log);
        await log.AppendAsync(Event("a1", "acct-a"));
        await log.AppendAsync(Event("a2", "acct-a"));
        await log.AppendAsync(Event("b1", "acct-b"));
        await log.AppendAsync(Event("none", null));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Theory]
    [InlineData(IAuditLogGrain.SystemWide)]
    [InlineData("acct-a")]
    public async Task Anonymous_callers_are_not_authenticated(string key)
        => await Assert.ThrowsAsync<NotAuthenticatedException>(() => Log(key).QueryAsync(Caller.Anonymous, new AuditQuery()));

    [Fact]
    public async Task An_audit_reader_sees_only_its_own_accounts_events_whatever_the_query_asks()
    {
        var reader = AuditCallers.AccountUser("acct-a", Permissions.AuditRead);

        var page = await Log("acct-a").QueryAsync(reader, new AuditQuery { AccountId = "acct-b" });

        Assert.Equal(["a1", "a2"], page.Events.Select(e => e.SubjectId));
        var first = page.Events[0];
        Assert.Equal(AuditActions.KeyRevoked, first.Action);
        Assert.Equal(new AuditActor { Kind = PrincipalKind.User, Id = "u1", Credential = CredentialKind.ApiKey, CredentialId = "k1" }, first.Actor);
        Assert.Equal("granted", first.Details["why"]);
    }

    [Theory]
    [InlineData("acct-b")]
    [InlineData(IAuditLogGrain.SystemWide)]
    public async Task An_audit_reader_is_denied_other_accounts_and_the_whole_system(string key)
        => await Assert.ThrowsAsync<AccessDeniedException>(
            () => Log(key).QueryAsync(AuditCallers.AccountUser("acct-a", Permissions.AuditRead), new AuditQuery()));

    [Fact]
    public async Task An_account_member_without_audit_read_is_denied()
        => await Assert.ThrowsAsync<AccessDeniedException>(
            () => Log("acct-a").QueryAsync(AuditCallers.AccountUser("acct-a", Permissions.KeysRead, Permissions.RolesManage), new AuditQuery()));

    [Fact]
    public async Task System_administrators_read_the_whole_log_or_any_one_account()
    {
        var all = await Log(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery());
        var filtered = await Log(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery { AccountId = "acct-b" });
        var account = await Log("acct-a").QueryAsync(AuditCallers.SystemAdmin, new AuditQuery { AccountId = "acct-b" });

        Assert.Equal(["a1", "a2", "b1", "none"], all.Events.Select(e => e.SubjectId));
        Assert.Equal(["b1"], filtered.Events.Select(e => e.SubjectId));
        Assert.Equal(["a1", "a2"], account.Events.Select(e => e.SubjectId));
    }

    [Fact]
    public async Task Paging_through_the_grain_follows_the_cursor()
    {
        var first = await Log(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery { Limit = 3 });
        var second = await Log(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery { Limit = 3, After = first.NextCursor });

        Assert.Equal(["a1", "a2", "b1"], first.Events.Select(e => e.SubjectId));
        Assert.Equal(["none"], second.Events.Select(e => e.SubjectId));
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task A_bad_limit_is_an_invalid_request()
        => await Assert.ThrowsAsync<InvalidRequestException>(
            () => Log(IAuditLogGrain.SystemWide).QueryAsync(AuditCallers.SystemAdmin, new AuditQuery { Limit = 0 }));

    [Fact]
    public async Task Queries_to_one_audit_log_grain_interleave()
    {
        var store = new BlockingQueryLog();
        await using var cluster = await StartClusterAsync(builder => builder.ConfigureSilo(s => s.Services.AddSingleton<IAuditLog>(store)));
        var grain = cluster.GrainFactory.GetGrain<IAuditLogGrain>(IAuditLogGrain.SystemWide);

        var first = grain.QueryAsync(AuditCallers.SystemAdmin, new AuditQuery());
        var second = grain.QueryAsync(AuditCallers.SystemAdmin, new AuditQuery());

        // Both are inside the store at once: the second did not queue behind the first.
        await store.BothEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        store.Release.SetResult();
        await Task.WhenAll(first, second);
    }

    private static async Task<TestCluster> StartClusterAsync(Action<TestClusterBuilder> configure)
    {
        var builder = new TestClusterBuilder();
        builder.ConfigureSilo(s => s.AddGrainsFromAssembly(GrainsAssembly.Assembly));
        configure(builder);
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static AuditEvent Event(string subject, string? account) => new()
    {
        Action = AuditActions.KeyRevoked,
        Outcome = AuditOutcome.Succeeded,
        Actor = new AuditActor { Kind = PrincipalKind.User, Id = "u1", Credential = CredentialKind.ApiKey, CredentialId = "k1" },
        SubjectType = "apikey",
        SubjectId = subject,
        AccountId = account,
        Details = ImmutableDictionary<string, string>.Empty.Add("why", "granted"),
    };

    /// <summary>Holds every query until released, and says when two are inside at once.</summary>
    private sealed class BlockingQueryLog : IAuditLog
    {
        private int _entered;

        public TaskCompletionSource BothEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ValueTask AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _entered) == 2)
            {
                BothEntered.SetResult();
            }
            await Release.Task;
            return AuditPage.Empty;
        }
    }
}
