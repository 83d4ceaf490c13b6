using Gatehouse.Runtime.Hosting;
using Gatehouse.Runtime.Membership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Runtime.Transport;

public static class SiloBuilderTransportExtensions
{
    /// <summary>
    /// Lets the silo call grains placed on other silos, and be called by them, over TCP. Options
    /// come from <c>Gatehouse:Silo:Transport</c> when the host has configuration, then from
    /// <paramref name="configure"/>. Without this call the silo is a cluster of one, as before.
    /// </summary>
    public static SiloBuilder UseTcpTransport(this SiloBuilder silo, Action<TransportOptions>? configure = null)
    {
        var options = silo.Services.AddOptions<TransportOptions>();
        // Called again (by UsePostgresClustering and by a host, say), it only adds the configuration.
        var first = !silo.Services.Any(d => d.ServiceType == typeof(SiloTransport));
        if (first && silo.Configuration is not null)
        {
            options.Bind(silo.Configuration.GetSection(TransportOptions.SectionName));
        }
        if (configure is not null)
        {
            options.Configure(configure);
        }
        if (!first)
        {
            return silo;
        }
        silo.Services.TryAddSingleton<TransportListener>();
        // A membership registered before (a cluster table, a test double) wins.
        silo.Services.TryAddSingleton<IMembershipService, TransportSiloMembership>();
        silo.Services.TryAddSingleton<SiloTransport>();
        // Registered before the silo's own hosted service: it listens before the silo is active
        // and stops after the silo has deactivated its grains (whose calls may still cross silos).
        silo.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SiloTransport>());
        return silo;
    }
}
