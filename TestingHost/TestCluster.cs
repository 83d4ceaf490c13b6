using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Memory;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Memory;
using Gatehouse.Runtime.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.TestingHost;

/// <summary>
/// An in-process cluster of silos for integration tests, after Orleans' TestCluster. Silos can
/// be stopped gracefully, killed (no grain code runs, as in a crash) and restarted on the same
/// storage, so tests can check what survives. Every silo gets an audit log in the same store as
/// its grain state (a test can replace it with <c>ConfigureSilo(s => s.Add…AuditLog(…))</c>).
/// With <see cref="TestClusterBuilder.UseClustering"/> the silos form a real cluster over TCP
/// with PostgreSQL membership, and silos can be killed, stopped, restarted and added while calls continue.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterBuilder _builder;
    private readonly List<TestSilo> _silos = [];
    private readonly List<TestSilo> _clients = [];
    private readonly MemoryGrainStorage _memoryStorage = new();
    private readonly MemoryReminderTable _memoryReminders = new();
    private MemoryAuditLog? _memoryAuditLog;
    private readonly MemoryMessageStore _memoryMessages = new();
    private readonly string? _ownedDataDirectory;
    private int _siloCounter;

    internal TestCluster(TestClusterBuilder builder)
    {
        _builder = builder;
        if (builder.Storage == TestClusterStorage.Sqlite && builder.DataDirectory is null)
        {
            _ownedDataDirectory = Path.Combine(Path.GetTempPath(), "gatehouse-test-" + Guid.NewGuid().ToString("N"));
            builder.DataDirectory = _ownedDataDirectory;
        }
        // One per cluster: parallel tests sharing a database never see each other's members or state.
        ServiceId = "test-" + Guid.NewGuid().ToString("N")[..16];
    }

    /// <summary>The <c>ServiceId</c> of every silo of a clustered test cluster (ignored, and left at the silo's default, without clustering).</summary>
    public string ServiceId { get; }

    /// <summary>Set to 1 to make every silo of every test cluster take the serializing call path.</summary>
    public const string SerializeAllCallsVariable = "GATEHOUSE_TEST_SERIALIZE_ALL_CALLS";

    /// <summary>The running silos (hosting grains), in start order.</summary>
    public IReadOnlyList<TestSilo> Silos => _silos;

    /// <summary>The running cluster clients (<see cref="StartClientAsync"/>).</summary>
    public IReadOnlyList<TestSilo> Clients => _clients;

    /// <summary>The first silo still running.</summary>
    public TestSilo Primary => _silos.FirstOrDefault(s => s.Status == SiloStatus.Active)
        ?? throw new InvalidOperationException("No silo of the test cluster is running.");

    /// <summary>A grain factory on the primary silo.</summary>
    public IGrainFactory GrainFactory => Primary.GrainFactory;

    public string? DataDirectory => _builder.DataDirectory;

    public async Task DeployAsync()
    {
        for (var i = 0; i < _builder.InitialSilosCount; i++)
        {
            await StartAdditionalSiloAsync();
        }
    }

    /// <summary>Starts one more silo; <paramref name="configure"/> adds to its configuration only (a fixed port, say).</summary>
    public async Task<TestSilo> StartAdditionalSiloAsync(Action<SiloBuilder>? configure = null)
    {
        var name = $"silo-{++_siloCounter}";
        var host = BuildHost(name, ClusterRole.Silo, configure);
        await host.StartAsync();
        var silo = new TestSilo(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Starts a cluster client (<see cref="ClusterRole.Client"/>): it hosts no grains and has no
    /// membership row, routes every call to the silos, and can be called back by their grains
    /// (observers). Needs <see cref="TestClusterBuilder.UseClustering"/>.
    /// </summary>
    public async Task<TestSilo> StartClientAsync()
    {
        if (!_builder.Clustering)
        {
            throw new InvalidOperationException("A cluster client needs UseClustering.");
        }
        var name = $"client-{++_siloCounter}";
        var host = BuildHost(name, ClusterRole.Client, null);
        await host.StartAsync();
        var client = new TestSilo(name, host);
        _clients.Add(client);
        return client;
    }

    /// <summary>Stops a silo (or client) gracefully: it leaves the membership, and every activation runs OnDeactivateAsync.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        await silo.Host.StopAsync();
        silo.Host.Dispose();
        _silos.Remove(silo);
        _clients.Remove(silo);
    }

    /// <summary>
    /// Stops a silo as a crash would: no grain code runs, nothing is flushed, its membership row is
    /// not touched, its heartbeats and probes stop, and its listener and sockets close (so peers see
    /// connections drop and the port refuse, as after SIGKILL).
    /// </summary>
    public Task KillSiloAsync(TestSilo silo)
    {
        silo.Services.GetRequiredService<SiloHost>().Kill();
        silo.Host.Dispose();
        _silos.Remove(silo);
        _clients.Remove(silo);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Waits until every running silo and client sees the same active silos, and they are exactly
    /// the running silos. Throws <see cref="TimeoutException"/>, saying who sees what, after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitForSettledMembershipAsync(TimeSpan timeout)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var running = _silos.Where(s => s.Status == SiloStatus.Active).ToList();
            var expected = running.Select(s => s.Address).ToHashSet();
            var observers = running.Concat(_clients.Where(c => c.Status == SiloStatus.Active)).ToList();
            if (observers.All(s => s.Membership.ActiveSilos.ToHashSet().SetEquals(expected)))
            {
                return;
            }
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                var views = string.Join("; ", observers.Select(s => $"{s.Name} ({s.Address}) sees {s.Membership.View}"));
                throw new TimeoutException($"Membership did not settle within {timeout}: running silos are [{string.Join(", ", expected)}]; {views}.");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>The running silos that hold an activation of the grain right now.</summary>
    public IReadOnlyList<TestSilo> SilosHosting(GrainId grainId) => [.. _silos.Where(s => s.HasActivation(grainId))];

    /// <summary>Stops a silo gracefully and starts a new one on the same storage.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        await StopSiloAsync(silo);
        return await StartAdditionalSiloAsync();
    }

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _clients.Concat(_silos).ToList())
        {
            await StopSiloAsync(silo);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAllSilosAsync();
        if (_ownedDataDirectory is not null && Directory.Exists(_ownedDataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_ownedDataDirectory, recursive: true);
        }
    }

    private IHost BuildHost(string siloName, ClusterRole role, Action<SiloBuilder>? configureThisSilo)
    {
        var hostBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var services = hostBuilder.Services;
        services.AddLogging();
        services.Configure<SiloOptions>(o =>
        {
            o.SiloName = siloName;
            // Lets CI run a whole suite as if every call crossed silos; a test's own option wins.
            o.SerializeAllCalls = Environment.GetEnvironmentVariable(SerializeAllCallsVariable) == "1";
            if (_builder.Clustering)
            {
                o.ServiceId = ServiceId;
            }
        });
        foreach (var configure in _builder.OptionConfigurations)
        {
            services.Configure(configure);
        }
        foreach (var configure in _builder.ServiceConfigurations)
        {
            configure(services);
        }
        services.AddGatehouseSilo(silo =>
        {
            switch (_builder.Storage)
            {
                case TestClusterStorage.Memory:
                    silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, _memoryStorage);
                    silo.Services.AddSingleton<IReminderTable>(_memoryReminders);
                    // Shared by every silo and kept across restarts, like the memory storage; it
                    // takes the clock of the first silo that needs it (tests give all silos one).
                    silo.Services.AddSingleton<IAuditLog>(sp => LazyInitializer.EnsureInitialized(ref _memoryAuditLog, () => new MemoryAuditLog(sp.GetService<TimeProvider>())));
                    silo.AddMessageStore(_memoryMessages);
                    break;
                case TestClusterStorage.Sqlite:
                    silo.AddSqliteGrainStorage(configure: o => o.DataDirectory = _builder.DataDirectory!);
                    silo.UseSqliteReminders(o => o.DataDirectory = _builder.DataDirectory!);
                    silo.AddSqliteAuditLog(o => o.DataDirectory = _builder.DataDirectory!);
                    silo.AddSqliteMessageStore(o => o.DataDirectory = _builder.DataDirectory!);
                    break;
                case TestClusterStorage.Postgres:
                    silo.AddPostgresGrainStorage(GrainStorageNames.Default, o => o.ConnectionString = _builder.PostgresConnectionString!);
                    silo.UsePostgresReminders(o => o.ConnectionString = _builder.PostgresConnectionString!);
                    silo.AddPostgresAuditLog(o => o.ConnectionString = _builder.PostgresConnectionString!);
                    silo.AddPostgresMessageStore(o => o.ConnectionString = _builder.PostgresConnectionString!);
                    break;
            }
            if (_builder.Clustering)
            {
                silo.UseTcpTransport(o =>
                {
                    o.ListenAddress = "127.0.0.1";
                    o.ListenPort = 0;
                });
                silo.UsePostgresClustering(o =>
                {
                    foreach (var configure in _builder.ClusteringConfigurations)
                    {
                        configure(o);
                    }
                    o.Role = role;
                });
            }
            foreach (var configure in _builder.SiloConfigurations)
            {
                configure(silo);
            }
            configureThisSilo?.Invoke(silo);
        });
        return hostBuilder.Build();
    }
}
