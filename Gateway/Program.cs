using Gatehouse.Gateway;
using Gatehouse.Runtime.Hosting;

// The edge executable. By default it hosts an embedded silo on SQLite under ./data, so one
// command runs all of Gatehouse; configuration (README: "Configuration") points it elsewhere.
try
{
    var app = GatewayApplication.Build(args);
    // An embedded silo that is a cluster member can be declared dead by the others.
    var declaredDead = DeclaredDeadExit.StopHostWhenDeclaredDead(app.Services);

    // Ctrl+C, SIGINT and SIGTERM stop the generic host, which stops Kestrel and then deactivates
    // the silo's grains; RunAsync returns once that is done.
    await app.RunAsync();
    return declaredDead() ? DeclaredDeadExit.ExitCode : 0;
}
catch (Exception exception) when (exception is not HostAbortedException)
{
    // Configuration errors surface here before any logger exists; say why and exit non-zero
    // instead of an unhandled-exception abort.
    await Console.Error.WriteLineAsync($"Gatehouse gateway failed: {exception}");
    return 1;
}
