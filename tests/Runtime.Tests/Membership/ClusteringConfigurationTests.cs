using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime.Tests.Membership;

/// <summary>Gatehouse:Cluster:* as both executables read it (UseConfiguredClustering).</summary>
public sealed class ClusteringConfigurationTests
{
    private const string Storage = "Host=db;Database=state;Username=u";
    private const string Members = "Host=db;Database=members;Username=u";

    [Theory]
    [InlineData(null)]
    [InlineData("None")]
    [InlineData("none")]
    public void Without_Postgres_membership_the_silo_stays_a_cluster_of_one(string? membership)
    {
        using var services = Build(new() { ["Gatehouse:Cluster:Membership"] = membership });

        Assert.IsNotType<ClusterMembershipService>(services.GetRequiredService<IMembershipService>());
        Assert.Null(services.GetService<ClusterMembershipService>());
    }

    [Fact]
    public void Postgres_membership_binds_the_timings_and_role_and_defaults_to_the_storage_database()
    {
        using var services = Build(new()
        {
            ["Gatehouse:Cluster:Membership"] = "Postgres",
            ["Gatehouse:Cluster:Role"] = "Client",
            ["Gatehouse:Cluster:HeartbeatInterval"] = "00:00:02",
            ["Gatehouse:Cluster:DeathTimeout"] = "00:00:20",
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = Storage,
        });

        Assert.IsType<ClusterMembershipService>(services.GetRequiredService<IMembershipService>());
        var options = services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value;
        Assert.Equal(ClusterRole.Client, options.Role);
        Assert.Equal(TimeSpan.FromSeconds(2), options.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.DeathTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ProbeInterval);
        Assert.Equal(Storage, options.Postgres.ConnectionString);
    }

    [Fact]
    public void A_membership_connection_string_of_its_own_wins()
    {
        using var services = Build(new()
        {
            ["Gatehouse:Cluster:Membership"] = "postgres",
            ["Gatehouse:Cluster:Postgres:ConnectionString"] = Members,
            ["Gatehouse:Storage:Provider"] = "Postgres",
            ["Gatehouse:Storage:Postgres:ConnectionString"] = Storage,
        });

        Assert.Equal(Members, services.GetRequiredService<IOptions<ClusterMembershipOptions>>().Value.Postgres.ConnectionString);
    }

    [Theory]
    [InlineData("Zookeeper", null, "not a membership")]
    [InlineData("Postgres", null, "Gatehouse:Storage:Provider")]
    [InlineData("Postgres", "Sqlite", "Gatehouse:Storage:Provider")]
    [InlineData("Postgres", "Postgres", "neither Gatehouse:Cluster:Postgres:ConnectionString")]
    public void A_configuration_that_cannot_make_a_cluster_fails_at_start_up_saying_why(string membership, string? storage, string expected)
    {
        var exception = Assert.Throws<InvalidOperationException>(() => Build(new()
        {
            ["Gatehouse:Cluster:Membership"] = membership,
            ["Gatehouse:Storage:Provider"] = storage,
        }));

        Assert.Contains(expected, exception.Message);
    }

    [Fact]
    public void Timings_that_cannot_work_together_are_refused()
    {
        var options = new ClusterMembershipOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), SuspectHeartbeatAge = TimeSpan.FromSeconds(4) };

        var exception = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains("SuspectHeartbeatAge", exception.Message);
        new ClusterMembershipOptions().Validate();
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddGatehouseSilo(configuration, silo => silo.UseConfiguredClustering(configuration));
        return services.BuildServiceProvider();
    }
}
