using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Gatehouse.Silo.Hosting;

/// <summary>Where the host listens: a loopback default, and a log line saying where it ended up.</summary>
internal static partial class ListenAddresses
{
    /// <summary>
    /// Listens on <paramref name="defaultUrl"/> unless an address is configured the standard ways
    /// (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>ASPNETCORE_HTTP_PORTS</c>, a <c>Kestrel:Endpoints</c>
    /// section). The default lives in code rather than appsettings.json because there it would
    /// outrank <c>ASPNETCORE_URLS</c>, which WebApplication reads before appsettings.json.
    /// </summary>
    public static void UseDefaultUnlessConfigured(WebApplicationBuilder builder, string defaultUrl)
    {
        var configuration = builder.Configuration;
        var configured =
            !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
        if (!configured)
        {
            builder.WebHost.UseUrls(defaultUrl);
        }
    }

    /// <summary>
    /// Logs the bound addresses once the server has started. Kestrel logs them too, under
    /// <c>Microsoft.Hosting.Lifetime</c>; this line stays when operators quiet that category, and it
    /// shows the real port when configured with port 0.
    /// </summary>
    public static void LogWhenStarted(WebApplication app, string hostName)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gatehouse.Hosting");
            LogListening(logger, hostName, addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(no addresses)");
        });
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Gatehouse {HostName} listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string hostName, string addresses);
}
