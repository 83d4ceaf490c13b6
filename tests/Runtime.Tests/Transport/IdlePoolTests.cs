namespace Gatehouse.Runtime.Tests.Transport;

/// <summary>Pools to silos that are gone are forgotten once idle; pools in use are kept.</summary>
public sealed class IdlePoolTests
{
    [Fact]
    public async Task A_pool_in_use_is_kept_and_one_to_a_killed_silo_is_forgotten_once_idle()
    {
        await using var silos = await TwoSilos.StartAsync(transport: o => o.IdlePoolTimeout = TimeSpan.FromMilliseconds(50));
        var a = TwoSilos.TransportOf(silos.A);
        Assert.Equal("silo-2", await silos.Probe(silos.A, silos.B, "pooled").WhereAmI());

        for (var i = 0; i < 3; i++)
        {
            a.ForgetIdlePools();
            await Task.Delay(60);
        }
        Assert.Equal(1, a.PoolCount);

        await silos.Cluster.KillSiloAsync(silos.B);
        await WaitUntilAsync(() => a.Connections.Count == 0);
        a.ForgetIdlePools(); // starts the idle clock
        await Task.Delay(60);
        a.ForgetIdlePools();

        Assert.Equal(0, a.PoolCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }
        Assert.True(condition());
    }
}
