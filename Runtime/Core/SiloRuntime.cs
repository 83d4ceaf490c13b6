using System.Diagnostics.Metrics;
using System.Text.Json;
using Gatehouse.Runtime.Activation;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Invocation;
using Gatehouse.Runtime.Observers;
using Gatehouse.Runtime.Placement;
using Gatehouse.Runtime.Reminders;
using Gatehouse.Runtime.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Runtime;

/// <summary>
/// The parts of one silo, wired together. Internal: grains see <see cref="IGrainFactory"/> and
/// their own base class, hosts see <see cref="ISiloStatusProvider"/>.
/// </summary>
internal sealed class SiloRuntime
{
    public SiloRuntime(
        IServiceProvider services,
        IOptions<SiloOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        GrainTypeRegistry registry,
        IPlacementDirector placement)
    {
        Services = services;
        Options = options.Value;
        TimeProvider = timeProvider;
        Logger = loggerFactory.CreateLogger("Gatehouse.Runtime");
        Registry = registry;
        Placement = placement;
        JsonOptions = CreateJsonOptions(() => this);
        Copier = new CallCopier(JsonOptions, Options.SerializeAllCalls);
        Catalog = new Catalog(this);
        Metrics = new RuntimeInstruments(this, services.GetRequiredService<IMeterFactory>());
        var storageInstruments = services.GetService<StorageInstruments>();
        Activator = new GrainActivator(services, storageInstruments);
        Invoker = new GrainCallInvoker(this);
        Observers = new ObserverRegistry();
        GrainFactory = new GrainFactory(this);
        var reminderTable = services.GetService<IReminderTable>();
        Reminders = new ReminderService(this, reminderTable is not null && storageInstruments is not null
            ? new InstrumentedReminderTable(reminderTable, storageInstruments)
            : reminderTable);
    }

    public IServiceProvider Services { get; }

    public SiloOptions Options { get; }

    public TimeProvider TimeProvider { get; }

    public ILogger Logger { get; }

    public GrainTypeRegistry Registry { get; }

    public IPlacementDirector Placement { get; }

    public JsonSerializerOptions JsonOptions { get; }

    public CallCopier Copier { get; }

    public Catalog Catalog { get; }

    /// <summary>This silo's call, activation, membership and transport instruments.</summary>
    public RuntimeInstruments Metrics { get; }

    public GrainActivator Activator { get; }

    public GrainCallInvoker Invoker { get; }

    public ObserverRegistry Observers { get; }

    public GrainFactory GrainFactory { get; }

    public ReminderService Reminders { get; }

    /// <summary>Calls to grains on other silos; null in a silo without a transport (a cluster of one).</summary>
    public Transport.SiloTransport? Transport { get; set; }

    /// <summary>The JSON settings for grain state and for call arguments on the wire.</summary>
    private static JsonSerializerOptions CreateJsonOptions(Func<SiloRuntime> runtime)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            IncludeFields = true,
        };
        options.Converters.Add(new GrainReferenceJsonConverterFactory(runtime));
        options.Converters.Add(new ImmutableArrayJsonConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
