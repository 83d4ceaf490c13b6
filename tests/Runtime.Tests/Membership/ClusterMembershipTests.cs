using System.Net.Sockets;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Tests.Cluster;
using Gatehouse.Runtime.Tests.Persistence;
using Gatehouse.Runtime.Tests.TestGrains;
using Gatehouse.Runtime.Transport;
using Gatehouse.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Gatehouse.Runtime.Tests.Membership;

/// <summary>Whole silos following the membership table: death, restarts, clients, graceful stops and readiness.</summary>
[Collection(PostgresFixture.Collection)]
public sealed class ClusterMembershipTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_silo_the_table_declares_dead_stops_serving_at_once()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres, silos: 2);
        var (survivor, doomed) = (cluster.Silos[0], cluster.Silos[1]);
        var key = Enumerable.Range(0, 1000).Select(i => $"doomed-{i}").First(k => survivor.OwnerOf(IdOf(survivor, k)) == doomed.Address);
        Assert.Equal(doomed.Name, await survivor.GrainFactory.GetGrain<IOperationLogGrain>(key).WhereAmI());
        var address = doomed.Address;
        var table = await ClusterTests.TableOfAsync(postgres, cluster);

        // As a peer that found it dead would.
        var version = (await table.ReadAsync(default)).Version;
        Assert.Equal(MembershipWriteResult.Written, await table.TryChangeStatusAsync(address, MemberStatus.Dead, version, null, default));

        Assert.True(await ClusterTests.EventuallyAsync(() => doomed.Status == SiloStatus.Dead, Soon), $"{doomed} is {doomed.Status}.");
        Assert.True(doomed.Membership.LocalSiloDead.IsCancellationRequested);
        Assert.NotNull(await doomed.Services.GetRequiredService<ISiloStatusProvider>().CheckReadinessAsync(default));
        Assert.Equal(0, doomed.ActivationCount);
        await Assert.ThrowsAnyAsync<Exception>(() => doomed.GrainFactory.GetGrain<IOperationLogGrain>(key).WhereAmI());
        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync(address.Host, address.Port));
        }
        Assert.True(await ClusterTests.EventuallyAsync(() => !survivor.Membership.ActiveSilos.Contains(address), Soon));
        Assert.Equal(survivor.Name, await survivor.GrainFactory.GetGrain<IOperationLogGrain>(key).WhereAmI());
        await cluster.KillSiloAsync(doomed);
    }

    [Fact]
    public async Task A_silo_whose_heartbeats_stop_is_declared_dead_though_it_answers_probes_and_stops_serving_by_itself()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres, silos: 2, membership: o =>
        {
            o.SuspectHeartbeatAge = TimeSpan.FromSeconds(2);
            o.DeathTimeout = TimeSpan.FromSeconds(3);
        });
        var (survivor, hung) = (cluster.Silos[0], cluster.Silos[1]);
        var address = hung.Address;

        hung.Services.GetRequiredService<ClusterMembershipService>().PauseHeartbeats();

        var table = await ClusterTests.TableOfAsync(postgres, cluster);
        Assert.True(await ClusterTests.EventuallyAsync(() => hung.Status == SiloStatus.Dead, Soon), $"{hung} is {hung.Status}.");
        Assert.True(await ClusterTests.EventuallyAsync(() => table.ReadAsync(default).Result.Find(address)?.Status == MemberStatus.Dead, Soon),
            "The silo whose heartbeats stopped was not declared dead.");
        await cluster.WaitForSettledMembershipAsync(Soon);
        Assert.Equal([survivor.Address], survivor.Membership.ActiveSilos);
        await cluster.KillSiloAsync(hung);
    }

    [Fact]
    public async Task A_silo_restarted_on_the_same_port_is_a_new_member_and_the_old_incarnation_stays_dead()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres, silos: 2);
        var port = FreePort();
        var first = await cluster.StartAdditionalSiloAsync(s => s.UseTcpTransport(o => o.ListenPort = port));
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);
        var before = first.Address;

        await cluster.StopSiloAsync(first);
        var second = await cluster.StartAdditionalSiloAsync(s => s.UseTcpTransport(o => o.ListenPort = port));
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);

        var after = second.Address;
        Assert.Equal((before.Host, before.Port), (after.Host, after.Port));
        Assert.NotEqual(before.Generation, after.Generation);
        var snapshot = await (await ClusterTests.TableOfAsync(postgres, cluster)).ReadAsync(default);
        Assert.Equal(MemberStatus.Dead, snapshot.Find(before)!.Status);
        Assert.Equal(MemberStatus.Active, snapshot.Find(after)!.Status);
        Assert.Contains(after, cluster.Silos[0].Membership.ActiveSilos);
        Assert.DoesNotContain(before, cluster.Silos[0].Membership.ActiveSilos);
    }

    [Fact]
    public async Task A_cluster_client_writes_no_row_owns_no_grain_and_routes_every_call_to_the_silos()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres, silos: 2);
        var client = await cluster.StartClientAsync();
        await cluster.WaitForSettledMembershipAsync(ClusterTests.SettleTimeout);

        var snapshot = await (await ClusterTests.TableOfAsync(postgres, cluster)).ReadAsync(default);
        Assert.Equal(cluster.Silos.Select(s => s.Address).ToHashSet(), snapshot.Entries.Select(e => e.Address).ToHashSet());
        Assert.Null(snapshot.Find(client.Address));
        var names = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            names.Add(await client.GrainFactory.GetGrain<IOperationLogGrain>($"via-client-{i}").WhereAmI());
        }
        Assert.Equal(cluster.Silos.Select(s => s.Name).Order(), names.Order());
        Assert.Equal(0, client.ActivationCount);
        Assert.Null(await client.Services.GetRequiredService<ISiloStatusProvider>().CheckReadinessAsync(default));
    }

    [Fact]
    public async Task A_graceful_stop_leaves_the_table_and_its_grains_move_to_the_others()
    {
        await using var cluster = await ClusterTests.StartAsync(postgres);
        var leaving = cluster.Silos[1];
        var address = leaving.Address;
        var keys = Enumerable.Range(0, 30).Select(i => $"leaving-{i}").ToList();
        foreach (var key in keys)
        {
            await cluster.Silos[0].GrainFactory.GetGrain<IOperationLogGrain>(key).Apply("before-stop");
        }

        await cluster.StopSiloAsync(leaving);

        var snapshot = await (await ClusterTests.TableOfAsync(postgres, cluster)).ReadAsync(default);
        Assert.Equal(MemberStatus.Dead, snapshot.Find(address)!.Status);
        // Its peers learn at their next read, about a second later; nothing waits for a death timeout.
        await cluster.WaitForSettledMembershipAsync(TimeSpan.FromSeconds(5));
        foreach (var key in keys)
        {
            Assert.Equal(["before-stop"], await cluster.Silos[1].GrainFactory.GetGrain<IOperationLogGrain>(key).Operations());
        }
    }

    [Fact]
    public async Task Readiness_fails_while_the_membership_table_cannot_be_read_and_recovers_after()
    {
        var connectionString = await postgres.CreateFreshDatabaseAsync("membership_down");
        await using var cluster = await ClusterTests.StartAsync(postgres, silos: 1, connectionString: connectionString, membership: o =>
        {
            o.TableUnreachableAfter = TimeSpan.FromSeconds(2);
            // Long enough that the silo does not fence itself while the table is away.
            o.DeathTimeout = TimeSpan.FromSeconds(60);
        });
        var status = cluster.Silos[0].Services.GetRequiredService<ISiloStatusProvider>();
        Assert.Null(await status.CheckReadinessAsync(default));

        await ExecuteAsync(connectionString, "ALTER TABLE cluster_members RENAME TO cluster_members_away");
        try
        {
            Assert.True(await ClusterTests.EventuallyAsync(() => status.CheckReadinessAsync(default).Result?.Contains("cluster-membership") == true, Soon));
        }
        finally
        {
            await ExecuteAsync(connectionString, "ALTER TABLE cluster_members_away RENAME TO cluster_members");
        }
        Assert.True(await ClusterTests.EventuallyAsync(() => status.CheckReadinessAsync(default).Result is null, Soon));
        Assert.Equal(SiloStatus.Active, cluster.Silos[0].Status);
    }

    private static GrainId IdOf(TestSilo silo, string key) => silo.GrainFactory.GetGrain<IOperationLogGrain>(key).GetGrainId();

    private static int FreePort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
