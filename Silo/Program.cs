using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Hosting;
using Gatehouse.Silo.Health;
using Gatehouse.Silo.Hosting;

// The grain host. It hosts every Gatehouse grain with the providers configuration names, exactly
// as a gateway's embedded silo does (one registration, AddGatehouseGrainSilo), and joins the
// cluster that Gatehouse:Cluster:Membership names. Its HTTP port serves health probes only.
try
{
    var builder = WebApplication.CreateBuilder(args);
    ListenAddresses.UseDefaultUnlessConfigured(builder, "http://127.0.0.1:5090");

    builder.Services.AddProblemDetails();
    builder.Services.AddGatehouseGrainSilo(builder.Configuration);

    var app = builder.Build();
    app.MapHealthEndpoints();
    app.MapGatehouseMetrics(app.Configuration);
    ListenAddresses.LogWhenStarted(app, "silo");
    var declaredDead = DeclaredDeadExit.StopHostWhenDeclaredDead(app.Services);

    // SIGINT and SIGTERM stop the host: the silo leaves the membership, deactivates its grains
    // (their state is written), then the process exits 0.
    await app.RunAsync();
    return declaredDead() ? DeclaredDeadExit.ExitCode : 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    await Console.Error.WriteLineAsync($"Gatehouse silo failed: {exception}");
    return 1;
}
