using Gatehouse.Gateway.Health;
using Gatehouse.Gateway.Hosting;
using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Cors;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Metrics;
using Gatehouse.Runtime.Diagnostics;
using Gatehouse.Runtime.Hosting;

namespace Gatehouse.Gateway;

/// <summary>
/// Builds the gateway: an embedded silo (or, in Client mode, a cluster client of separate silos),
/// the identity services, and every HTTP endpoint. The
/// executable and in-process tests build it the same way; tests add services (a clock, a log
/// capture) through <paramref name="configureServices"/>.
/// </summary>
public static class GatewayApplication
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<SiloBuilder>? configureSilo = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        ListenAddresses.UseDefaultUnlessConfigured(builder, DefaultUrl);
        configure?.Invoke(builder);
        SecureEndpoint.Configure(builder);

        // ASP.NET's request-start and request-finish lines print the full URL, query string
        // included, and EVRYTHNG and RFCx clients put credentials there (?access_token=,
        // ?auth_token=). No configuration may turn those lines on: a secret must never be logged.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing.EndpointMiddleware", LogLevel.Warning);

        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(options => GatewayJson.ApplyResponseConventions(options.SerializerOptions));
        var gateway = GatewayOptions.From(builder.Configuration);
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName);
        if (gateway.Mode == GatewayMode.Client)
        {
            builder.Services.AddGatehouseClusterClient(builder.Configuration, configureSilo);
            builder.Services.AddSingleton<ISiloHealthCheck, ActiveSilosHealthCheck>();
        }
        else
        {
            builder.Services.AddGatehouseGrainSilo(builder.Configuration, configureSilo);
        }
        builder.Services.AddGatehouseCors(builder.Configuration);
        builder.Services.AddSingleton<CallerResolver>();
        builder.Services.AddSingleton<Http.RateLimits.RequestRateLimiter>();
        builder.Services.AddSingleton<EndpointPipeline>();
        builder.Services.AddSingleton<HttpRequestInstruments>();
        builder.Services.AddOptions<Realtime.RealtimeOptions>().BindConfiguration(Realtime.RealtimeOptions.SectionName);


        var app = builder.Build();
        // First, so every response is counted, CORS refusals and preflights included.
        app.Use(app.Services.GetRequiredService<HttpRequestInstruments>().InvokeAsync);
        // First, so everything after it (throttles, the audit log) sees the client's address.
        ForwardedClientAddress.Use(app, gateway);
        app.UseGatehouseCors();
        // Keep-alives are the channels' own (ARTIK's ping frame, SSE comments), on the injected clock.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.MapHealthEndpoints();
        app.MapGatehouseMetrics(app.Configuration);
        app.MapGatehouseEndpoints();
        ListenAddresses.LogWhenStarted(app, "gateway");
        return app;
    }
}
