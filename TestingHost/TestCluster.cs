using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Messages.Memory;
using Gatehouse.Runtime;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Persistence;
using Gatehouse.Runtime.Persistence.Memory;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Reminders.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.TestingHost;

/// <summary>
/// An in-process cluster of silos for integration tests, after Orleans' TestCluster. Silos can
/// be stopped gracefully, killed (no grain code runs, as in a crash) and restarted on the same
/// storage, so tests can check what survives. Every silo gets an audit log in the same store as
/// its grain state (a test can replace it with <c>ConfigureSilo(s => s.Add…AuditLog(…))</c>).
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterBuilder _builder;
    private readonly List<TestSilo> _silos = [];
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
    }

    /// <summary>Set to 1 to make every silo of every test cluster take the serializing call path.</summary>
    public const string SerializeAllCallsVariable = "GATEHOUSE_TEST_SERIALIZE_ALL_CALLS";

    public IReadOnlyList<TestSilo> Silos => _silos;

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

    public async Task<TestSilo> StartAdditionalSiloAsync()
    {
        var name = $"silo-{++_siloCounter}";
        var host = BuildHost(name);
        await host.StartAsync();
        var silo = new TestSilo(name, host);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>Stops a silo gracefully: every activation runs OnDeactivateAsync.</summary>
    public async Task StopSiloAsync(TestSilo silo)
    {
        await silo.Host.StopAsync();
        silo.Host.Dispose();
        _silos.Remove(silo);
    }

    /// <summary>Stops a silo as a crash would: no grain code runs, nothing is flushed.</summary>
    public Task KillSiloAsync(TestSilo silo)
    {
        silo.Services.GetRequiredService<SiloHost>().Kill();
        silo.Host.Dispose();
        _silos.Remove(silo);
        return Task.CompletedTask;
    }

    /// <summary>Stops a silo gracefully and starts a new one on the same storage.</summary>
    public async Task<TestSilo> RestartSiloAsync(TestSilo silo)
    {
        await StopSiloAsync(silo);
        return await StartAdditionalSiloAsync();
    }

    public async Task StopAllSilosAsync()
    {
        foreach (var silo in _silos.ToList())
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

    private IHost BuildHost(string siloName)
    {
        var hostBuilder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var services = hostBuilder.Services;
        services.AddLogging();
        services.Configure<SiloOptions>(o =>
        {
            o.SiloName = siloName;
            // Lets CI run a whole suite as if every call crossed silos; a test's own option wins.
            o.SerializeAllCalls = Environment.GetEnvironmentVariable(SerializeAllCallsVariable) == "1";
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
            foreach (var configure in _builder.SiloConfigurations)
            {
                configure(silo);
            }
        });
        return hostBuilder.Build();
    }
}
