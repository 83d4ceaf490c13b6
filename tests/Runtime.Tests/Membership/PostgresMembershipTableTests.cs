using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Membership.Postgres;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Tests.Persistence;

namespace Gatehouse.Runtime.Tests.Membership;

/// <summary>The membership table's compare-and-swap, its one-way statuses, and the database clock.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres)
{
    private static readonly SiloAddress A = new("127.0.0.1", 20001, 1_000);
    private static readonly SiloAddress B = new("127.0.0.1", 20002, 2_000);

    [Fact]
    public async Task Of_two_writers_deciding_from_the_same_version_exactly_one_changes_the_table()
    {
        var table = await NewTableAsync();
        Assert.Equal(MembershipWriteResult.Written, await table.TryJoinAsync(A, "a", 0, default));

        var results = await Task.WhenAll(
            table.TryChangeStatusAsync(A, MemberStatus.Active, 1, null, default),
            table.TryJoinAsync(B, "b", 1, default));

        Assert.Equal([MembershipWriteResult.Written, MembershipWriteResult.VersionConflict], results.Order());
        var snapshot = await table.ReadAsync(default);
        Assert.Equal(2, snapshot.Version);
        // The loser wrote nothing: either A is still joining or B has no row.
        Assert.True(snapshot.Find(A)!.Status == MemberStatus.Joining ^ snapshot.Find(B) is null);
    }

    [Fact]
    public async Task A_stale_version_changes_nothing_and_a_status_never_moves_back()
    {
        var table = await NewTableAsync();
        await table.TryJoinAsync(A, "a", 0, default);
        Assert.Equal(MembershipWriteResult.VersionConflict, await table.TryChangeStatusAsync(A, MemberStatus.Active, 0, null, default));
        Assert.Equal(MembershipWriteResult.Written, await table.TryChangeStatusAsync(A, MemberStatus.Dead, 1, null, default));

        Assert.Equal(MembershipWriteResult.NotApplicable, await table.TryChangeStatusAsync(A, MemberStatus.Active, 2, null, default));
        Assert.False(await table.HeartbeatAsync(A, default));
        var snapshot = await table.ReadAsync(default);
        Assert.Equal(2, snapshot.Version);
        Assert.Equal(MemberStatus.Dead, snapshot.Find(A)!.Status);
    }

    [Fact]
    public async Task Declaring_a_silo_dead_needs_its_heartbeat_to_be_old_by_the_database_clock()
    {
        var table = await NewTableAsync();
        await table.TryJoinAsync(A, "a", 0, default);
        Assert.True(await table.HeartbeatAsync(A, default));

        Assert.Equal(MembershipWriteResult.NotApplicable, await table.TryChangeStatusAsync(A, MemberStatus.Dead, 1, TimeSpan.FromSeconds(30), default));
        await Task.Delay(300);
        var snapshot = await table.ReadAsync(default);
        Assert.InRange(snapshot.Find(A)!.HeartbeatAge, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
        Assert.Equal(MembershipWriteResult.Written, await table.TryChangeStatusAsync(A, MemberStatus.Dead, 1, TimeSpan.FromMilliseconds(200), default));
    }

    [Fact]
    public async Task A_silo_restarted_on_the_same_port_with_a_new_generation_is_a_new_member()
    {
        var table = await NewTableAsync();
        await table.TryJoinAsync(A, "a", 0, default);
        await table.TryChangeStatusAsync(A, MemberStatus.Active, 1, null, default);
        await table.TryChangeStatusAsync(A, MemberStatus.Dead, 2, null, default);
        var restarted = A with { Generation = A.Generation + 1 };

        Assert.Equal(MembershipWriteResult.NotApplicable, await table.TryJoinAsync(A, "a", 3, default));
        Assert.Equal(MembershipWriteResult.Written, await table.TryJoinAsync(restarted, "a", 3, default));
        Assert.Equal(MembershipWriteResult.Written, await table.TryChangeStatusAsync(restarted, MemberStatus.Active, 4, null, default));

        var snapshot = await table.ReadAsync(default);
        Assert.Equal(MemberStatus.Dead, snapshot.Find(A)!.Status);
        Assert.Equal(MemberStatus.Active, snapshot.Find(restarted)!.Status);
    }

    [Fact]
    public async Task Old_dead_rows_are_deleted_and_live_ones_never()
    {
        var table = await NewTableAsync();
        await table.TryJoinAsync(A, "a", 0, default);
        await table.TryJoinAsync(B, "b", 1, default);
        await table.TryChangeStatusAsync(A, MemberStatus.Dead, 2, null, default);
        await Task.Delay(200);

        Assert.Equal(1, await table.DeleteDeadRowsAsync(TimeSpan.FromMilliseconds(100), default));
        var snapshot = await table.ReadAsync(default);
        Assert.Null(snapshot.Find(A));
        Assert.NotNull(snapshot.Find(B));
    }

    private async Task<PostgresMembershipTable> NewTableAsync()
    {
        var connections = new PostgresConnectionFactory(new PostgresStorageOptions { ConnectionString = await postgres.GetDatabaseAsync("membership") }, "test");
        await new PostgresMembershipSchemaInitializer(connections).ExecuteAsync(default);
        var table = new PostgresMembershipTable(connections, "table-" + Guid.NewGuid().ToString("N"));
        await table.EnsureVersionRowAsync(default);
        return table;
    }
}
