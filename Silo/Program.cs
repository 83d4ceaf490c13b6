using Gatehouse.Runtime.Hosting;
using Gatehouse.Silo.Health;
using Gatehouse.Silo.Hosting;

// The grain host. Until the cluster transport lands (a later issue) a separate silo process
// serves only its own health probes: gateways still run their embedded silo. It is here now so
// deployments, service units and probes have their final shape.
try
{
    var builder = WebApplication.CreateBuilder(args);
    ListenAddresses.UseDefaultUnlessConfigured(builder, "http://127.0.0.1:5090");

    builder.Services.AddProblemDetails();
    builder.Services.AddGatehouseGrainSilo(builder.Configuration);

    var app = builder.Build();
    app.MapHealthEndpoints();
    ListenAddresses.LogWhenStarted(app, "silo");

    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    await Console.Error.WriteLineAsync($"Gatehouse silo failed: {exception}");
    return 1;
}
