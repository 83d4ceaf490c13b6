using Gatehouse.Gateway.Health;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Grains;
using Gatehouse.Runtime.Hosting;

// The edge executable. By default it hosts an embedded silo on SQLite under ./data, so one
// command runs all of Gatehouse; configuration (README: "Configuration") points it elsewhere.
try
{
    var builder = WebApplication.CreateBuilder(args);
    ListenAddresses.UseDefaultUnlessConfigured(builder, "http://127.0.0.1:5080");

    builder.Services.AddProblemDetails();
    builder.Services.AddGatehouseSilo(builder.Configuration, silo => silo
        .AddGrainsFromAssembly(GrainsAssembly.Assembly)
        .UseConfiguredProviders(builder.Configuration)
        .UseConfiguredAuditLog(builder.Configuration));

    var app = builder.Build();
    app.MapHealthEndpoints();
    ListenAddresses.LogWhenStarted(app, "gateway");

    // Ctrl+C, SIGINT and SIGTERM stop the generic host, which stops Kestrel and then deactivates
    // the silo's grains; RunAsync returns once that is done.
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // Configuration errors surface here before any logger exists; say why and exit non-zero
    // instead of an unhandled-exception abort.
    await Console.Error.WriteLineAsync($"Gatehouse gateway failed: {exception}");
    return 1;
}
