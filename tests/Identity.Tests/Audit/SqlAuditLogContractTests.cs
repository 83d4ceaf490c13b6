using System.Data.Common;
using Gatehouse.Grains.Audit;

namespace Gatehouse.Identity.Tests.Audit;

/// <summary>What the database-backed stores add to the contract: the database itself refuses changes, batching, shutdown and service ids.</summary>
public abstract class SqlAuditLogContractTests : AuditLogContractTests
{
    /// <summary>Runs <paramref name="sql"/> on a connection of its own, as an operator or an attacker with the credentials would.</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    [Theory]
    [InlineData("UPDATE audit_log SET action = 'auth.login.succeeded'")]
    [InlineData("UPDATE audit_log SET details = NULL WHERE service_id = '{0}'")]
    [InlineData("DELETE FROM audit_log")]
    [InlineData("DELETE FROM audit_log WHERE service_id = '{0}'")]
    public async Task The_database_rejects_changes_to_stored_events(string sql)
    {
        await Log.AppendAsync(Event("kept", action: AuditActions.LoginFailed));

        var rejected = await Assert.ThrowsAnyAsync<DbException>(() => ExecuteRawAsync(string.Format(sql, ServiceId)));

        Assert.Contains("append-only", rejected.Message);
        var stored = Assert.Single((await Log.QueryAsync(new AuditQuery())).Events);
        Assert.Equal(AuditActions.LoginFailed, stored.Action);
        Assert.Equal("kept", stored.Details["marker"]);
    }

    [Fact]
    public async Task Another_service_id_in_the_same_database_sees_none_of_the_events()
    {
        await Log.AppendAsync(Event("mine"));
        var other = await OpenLogAsync(ServiceId + "-other");
        await other.AppendAsync(Event("theirs"));

        Assert.Equal(["mine"], Markers(await Log.QueryAsync(new AuditQuery())));
        Assert.Equal(["theirs"], Markers(await other.QueryAsync(new AuditQuery())));
    }

    [Fact]
    public async Task Disposing_commits_every_queued_append_and_later_appends_fail()
    {
        var log = (BatchingAuditLog)await CreateLogAsync(ServiceId, new AuditLogOptions { MaxBatchSize = 16 });
        var appends = Enumerable.Range(0, 300).Select(i => log.AppendAsync(Event($"q{i}", subject: "queued")).AsTask()).ToList();

        await log.DisposeAsync();

        Assert.All(appends, a => Assert.True(a.IsCompletedSuccessfully));
        Assert.Equal(300, await CountStoredAsync(ServiceId, "queued"));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await log.AppendAsync(Event("late")));
    }

    [Fact]
    public async Task A_reader_tailing_concurrent_writers_with_a_cursor_misses_nothing()
    {
        // Four logs on one database are four silos whose small batches commit concurrently. If a
        // batch could commit after a later-numbered one, a tailing cursor would step past it.
        const int Writers = 4;
        const int PerWriter = 400;
        var logs = new List<IAuditLog>();
        for (var w = 0; w < Writers; w++)
        {
            logs.Add(await OpenLogAsync(ServiceId, new AuditLogOptions { MaxBatchSize = 4 }));
        }
        var writers = Task.WhenAll(logs.Select((log, w) => Task.Run(() => Task.WhenAll(
            Enumerable.Range(0, PerWriter).Select(i => log.AppendAsync(Event($"w{w}-{i}")).AsTask())))));

        var seen = new HashSet<string>();
        long? cursor = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < Writers * PerWriter && DateTime.UtcNow < deadline)
        {
            var writersDone = writers.IsCompleted;
            var page = await Log.QueryAsync(new AuditQuery { After = cursor, Limit = 50 });
            foreach (var marker in Markers(page))
            {
                Assert.True(seen.Add(marker), $"{marker} was returned twice");
            }
            cursor = page.Events.IsEmpty ? cursor : page.Events[^1].Sequence;
            if (page.Events.IsEmpty && writersDone)
            {
                break;
            }
        }
        await writers;

        Assert.Equal(Writers * PerWriter, seen.Count);
    }
}
