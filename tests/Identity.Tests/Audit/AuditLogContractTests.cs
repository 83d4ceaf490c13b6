using System.Collections.Immutable;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Security;
using Gatehouse.TestingHost;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>
/// What every <see cref="IAuditLog"/> must do, run against each store by a subclass. Each test
/// instance uses its own service id, so classes sharing a database do not see each other's events.
/// </summary>
public abstract class AuditLogContractTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IAuditLog> _logs = [];

    protected ManualTimeProvider Clock { get; } = new(Start);

    protected string ServiceId { get; } = "audit-" + Guid.NewGuid().ToString("N")[..12];

    protected IAuditLog Log { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Log = await OpenLogAsync(ServiceId);

    public virtual async Task DisposeAsync()
    {
        foreach (var log in _logs)
        {
            if (log is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>Creates the store (and its schema) for <paramref name="serviceId"/>, reading time from <see cref="Clock"/>.</summary>
    protected abstract Task<IAuditLog> CreateLogAsync(string serviceId, AuditLogOptions? options);

    /// <summary>
    /// How many events of <paramref name="serviceId"/> about <paramref name="subjectId"/> a reader
    /// sees that shares nothing with the log (its own connection, for the SQL stores).
    /// </summary>
    protected abstract Task<long> CountStoredAsync(string serviceId, string subjectId);

    protected async Task<IAuditLog> OpenLogAsync(string serviceId, AuditLogOptions? options = null)
    {
        var log = await CreateLogAsync(serviceId, options);
        _logs.Add(log);
        return log;
    }

    protected static AuditEvent Event(
        string marker,
        string action = AuditActions.KeyCreated,
        string? account = "acct-a",
        string? actor = "user-1",
        string? subject = null,
        AuditOutcome outcome = AuditOutcome.Succeeded) => new()
        {
            Action = action,
            Outcome = outcome,
            Actor = new AuditActor { Kind = PrincipalKind.User, Id = actor, Credential = CredentialKind.ApiKey, CredentialId = "key-" + actor },
            SubjectType = "apikey",
            SubjectId = subject ?? marker,
            AccountId = account,
            SourceAddress = "192.0.2.7",
            Details = ImmutableDictionary<string, string>.Empty.Add("marker", marker),
        };

    protected static string[] Markers(AuditPage page) => [.. page.Events.Select(e => e.Details["marker"])];

    [Fact]
    public async Task An_appended_event_reads_back_whole_with_the_clocks_time_and_a_sequence()
    {
        Clock.Advance(TimeSpan.FromMilliseconds(1234.5678));
        var appended = new AuditEvent
        {
            Sequence = 999_999,
            Timestamp = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Action = AuditActions.LoginFailed,
            Outcome = AuditOutcome.Failed,
            Actor = AuditActor.Claimed(CredentialKind.Password, null, PrincipalKind.User, "bob"),
            SubjectType = "user",
            SubjectId = "user-bob",
            AccountId = "acct-a",
            SourceAddress = "2001:db8::1",
            Details = ImmutableDictionary<string, string>.Empty.Add("reason", "wrong password").Add("attempt", "3"),
        };

        await Log.AppendAsync(appended);

        var stored = Assert.Single((await Log.QueryAsync(new AuditQuery())).Events);
        Assert.True(stored.Sequence > 0);
        Assert.NotEqual(999_999, stored.Sequence);
        Assert.Equal(Start.AddMilliseconds(1234), stored.Timestamp); // the clock's, to the millisecond, not the caller's
        Assert.Equal(TimeSpan.Zero, stored.Timestamp.Offset);
        Assert.Equal(appended.Action, stored.Action);
        Assert.Equal(appended.Outcome, stored.Outcome);
        Assert.Equal(appended.Actor, stored.Actor);
        Assert.Equal(("user", "user-bob", "acct-a", "2001:db8::1"), (stored.SubjectType, stored.SubjectId, stored.AccountId, stored.SourceAddress));
        Assert.Equal(appended.Details.OrderBy(d => d.Key), stored.Details.OrderBy(d => d.Key));
    }

    [Fact]
    public async Task Null_fields_and_empty_details_read_back_as_null_and_empty()
    {
        await Log.AppendAsync(new AuditEvent { Action = AuditActions.CredentialFailed, Outcome = AuditOutcome.Failed, Actor = AuditActor.Anonymous });

        var stored = Assert.Single((await Log.QueryAsync(new AuditQuery())).Events);
        Assert.Equal(AuditActor.Anonymous, stored.Actor);
        Assert.Null(stored.SubjectType);
        Assert.Null(stored.SubjectId);
        Assert.Null(stored.AccountId);
        Assert.Null(stored.SourceAddress);
        Assert.Empty(stored.Details);
    }

    [Fact]
    public async Task Each_filter_selects_exactly_the_matching_events()
    {
        await Log.AppendAsync(Event("e1", AuditActions.KeyCreated, account: "acct-a", actor: "u1", subject: "k1"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(Event("e2", AuditActions.KeyRevoked, account: "acct-a", actor: "u2", subject: "k2"));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(Event("e3", AuditActions.LoginFailed, account: "acct-b", actor: "u1", subject: "u1", outcome: AuditOutcome.Failed));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(Event("e4", AuditActions.CredentialFailed, account: null, actor: null, subject: "none", outcome: AuditOutcome.Failed));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Log.AppendAsync(Event("e5", AuditActions.LockedOut, account: "acct-b", actor: "u1", subject: "u1", outcome: AuditOutcome.Denied));

        async Task<string[]> Run(AuditQuery query) => Markers(await Log.QueryAsync(query));

        Assert.Equal(["e1", "e2", "e3", "e4", "e5"], await Run(new AuditQuery()));
        Assert.Equal(["e1", "e2"], await Run(new AuditQuery { AccountId = "acct-a" }));
        Assert.Equal(["e3", "e5"], await Run(new AuditQuery { AccountId = "acct-b" }));
        Assert.Equal(["e1", "e3", "e5"], await Run(new AuditQuery { ActorId = "u1" }));
        Assert.Equal(["e2"], await Run(new AuditQuery { SubjectId = "k2" }));
        Assert.Equal(["e3", "e4", "e5"], await Run(new AuditQuery { ActionPrefix = "auth." }));
        Assert.Equal(["e1", "e2"], await Run(new AuditQuery { ActionPrefix = "key." }));
        Assert.Equal(["e2"], await Run(new AuditQuery { ActionPrefix = AuditActions.KeyRevoked }));
        // A prefix is plain text: '_' and '%' are not wildcards.
        Assert.Equal(["e5"], await Run(new AuditQuery { ActionPrefix = "auth.locked_" }));
        Assert.Empty(await Run(new AuditQuery { ActionPrefix = "auth_" }));
        Assert.Empty(await Run(new AuditQuery { ActionPrefix = "%" }));
        Assert.Equal(["e2", "e3", "e4", "e5"], await Run(new AuditQuery { From = Start.AddMinutes(1) }));
        Assert.Equal(["e1", "e2"], await Run(new AuditQuery { To = Start.AddMinutes(2) }));
        Assert.Equal(["e2", "e3"], await Run(new AuditQuery { From = Start.AddMinutes(1), To = Start.AddMinutes(3) }));
        // Bounds finer than the stored millisecond still mean exactly "at or after" and "before".
        Assert.Equal(["e3", "e4", "e5"], await Run(new AuditQuery { From = Start.AddMinutes(1).AddTicks(5) }));
        Assert.Equal(["e1", "e2"], await Run(new AuditQuery { To = Start.AddMinutes(1).AddTicks(5) }));
        Assert.Equal(["e2"], await Run(new AuditQuery { AccountId = "acct-a", ActionPrefix = "key.revoked", ActorId = "u2", SubjectId = "k2" }));
        Assert.Empty(await Run(new AuditQuery { AccountId = "acct-a", ActorId = "u1", ActionPrefix = "auth." }));
    }

    [Fact]
    public async Task Paging_with_cursors_returns_every_event_once_in_order_including_ones_appended_meanwhile()
    {
        await Task.WhenAll(Enumerable.Range(0, 230).Select(i => Log.AppendAsync(Event($"a{i}", account: "acct-a")).AsTask()));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Log.AppendAsync(Event($"b{i}", account: "acct-b")).AsTask()));

        var seen = new List<AuditEvent>();
        long? cursor = null;
        var pages = 0;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery { After = cursor, Limit = 10 });
            Assert.True(page.Events.Length <= 10);
            seen.AddRange(page.Events);
            cursor = page.NextCursor;
            if (++pages == 5)
            {
                // Appended while a reader is half-way: it shows up on a later page.
                await Log.AppendAsync(Event("late", account: "acct-b"));
            }
            if (cursor is not null)
            {
                Assert.Equal(page.Events[^1].Sequence, cursor);
            }
        }
        while (cursor is not null);

        Assert.Equal(251, seen.Count);
        Assert.Equal(26, pages); // 251 events in pages of 10; a full last page would still end with a null cursor
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First.Sequence < pair.Second.Sequence));
        Assert.Equal(251, seen.Select(e => e.Details["marker"]).Distinct().Count());
        Assert.Equal("late", seen[^1].Details["marker"]);

        var accountA = new List<string>();
        cursor = null;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery { AccountId = "acct-a", After = cursor, Limit = 23 });
            accountA.AddRange(Markers(page));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(230, accountA.Count);
        Assert.Equal(230, accountA.Distinct().Count());
        Assert.All(accountA, m => Assert.StartsWith("a", m));
    }

    [Fact]
    public async Task The_limit_defaults_to_100_is_capped_at_1000_and_must_be_positive()
    {
        await Task.WhenAll(Enumerable.Range(0, 1005).Select(i => Log.AppendAsync(Event($"m{i}")).AsTask()));

        var byDefault = await Log.QueryAsync(new AuditQuery());
        Assert.Equal(100, byDefault.Events.Length);
        Assert.Equal(byDefault.Events[^1].Sequence, byDefault.NextCursor);

        var capped = await Log.QueryAsync(new AuditQuery { Limit = 5000 });
        Assert.Equal(1000, capped.Events.Length);
        var rest = await Log.QueryAsync(new AuditQuery { Limit = 5000, After = capped.NextCursor });
        Assert.Equal(5, rest.Events.Length);
        Assert.Null(rest.NextCursor);

        await Assert.ThrowsAsync<InvalidRequestException>(() => Log.QueryAsync(new AuditQuery { Limit = 0 }));
        await Assert.ThrowsAsync<InvalidRequestException>(() => Log.QueryAsync(new AuditQuery { Limit = -1 }));
    }

    [Fact]
    public async Task Programming_errors_are_rejected_and_store_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Log.AppendAsync(Event("x", action: "auth.guess")));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Log.AppendAsync(Event("x", outcome: (AuditOutcome)42)));
        var tooMany = Event("x") with
        {
            Details = Enumerable.Range(0, AuditEvent.MaxDetails + 1).ToImmutableDictionary(i => $"k{i}", i => "v"),
        };
        await Assert.ThrowsAsync<ArgumentException>(async () => await Log.AppendAsync(tooMany));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Log.AppendAsync(Event("x") with { Actor = null! }));

        Assert.Empty((await Log.QueryAsync(new AuditQuery())).Events);
    }

    [Fact]
    public async Task Hostile_claimed_names_are_cut_and_cleaned_and_do_not_fail_their_batch()
    {
        var hostile = new string('x', 10_000) + "\0tail";
        var attempts = Enumerable.Range(0, 20).Select(i => Log.AppendAsync(new AuditEvent
        {
            Action = AuditActions.LoginFailed,
            Outcome = AuditOutcome.Failed,
            Actor = AuditActor.Claimed(CredentialKind.Password, null, PrincipalKind.User, i % 2 == 0 ? "ev\0il" + i : hostile),
            SubjectId = "hostile",
            SourceAddress = hostile,
            Details = ImmutableDictionary<string, string>.Empty.Add("user\0name", hostile),
        }).AsTask()).Append(Log.AppendAsync(Event("innocent")).AsTask());

        await Task.WhenAll(attempts);

        var events = (await Log.QueryAsync(new AuditQuery { SubjectId = "hostile" })).Events;
        Assert.Equal(20, events.Length);
        Assert.All(events, e =>
        {
            Assert.DoesNotContain('\0', e.Actor.Id!);
            Assert.True(e.Actor.Id!.Length <= AuditEvent.MaxFieldLength);
            Assert.Equal(AuditEvent.MaxFieldLength, e.SourceAddress!.Length);
            var detail = Assert.Single(e.Details);
            Assert.Equal("user\uFFFDname", detail.Key);
            Assert.Equal(AuditEvent.MaxFieldLength, detail.Value.Length);
        });
        Assert.Contains(events, e => e.Actor.Id == "ev\uFFFDil0");
        Assert.Single((await Log.QueryAsync(new AuditQuery { SubjectId = "innocent" })).Events);
    }

    [Fact]
    public async Task Two_thousand_concurrent_appends_are_each_durable_when_their_await_returns()
    {
        const int Tasks = 50;
        const int PerTask = 40;
        var notYetVisible = 0;
        await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < PerTask; i++)
            {
                var subject = $"s-{t}-{i}";
                await Log.AppendAsync(Event(subject, subject: subject, actor: $"u{t}"));
                // Straight after the await, a reader sharing nothing with the log must see it.
                if (await CountStoredAsync(ServiceId, subject) != 1)
                {
                    Interlocked.Increment(ref notYetVisible);
                }
            }
        })));

        Assert.Equal(0, notYetVisible);
        var all = new List<AuditEvent>();
        long? cursor = null;
        do
        {
            var page = await Log.QueryAsync(new AuditQuery { After = cursor, Limit = AuditQuery.MaxLimit });
            all.AddRange(page.Events);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(Tasks * PerTask, all.Count);
        Assert.Equal(Tasks * PerTask, all.Select(e => e.SubjectId).Distinct().Count());
        Assert.Equal(Tasks * PerTask, all.Select(e => e.Sequence).Distinct().Count());
        // Each task's own appends are stored in the order it made them.
        Assert.All(
            all.GroupBy(e => e.Actor.Id),
            group => Assert.Equal(
                Enumerable.Range(0, PerTask).Select(i => $"s-{group.Key![1..]}-{i}"),
                group.OrderBy(e => e.Sequence).Select(e => e.SubjectId)));
    }
}
