namespace Gatehouse.Gateway.Hosting;

/// <summary>The gateway's own settings, bound from <c>Gatehouse:Gateway</c>. Every default is in the README's configuration table.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gatehouse:Gateway";

    /// <summary>Embedded silo or cluster client. Default: <see cref="GatewayMode.Embedded"/>.</summary>
    public GatewayMode Mode { get; set; } = GatewayMode.Embedded;

    /// <summary>
    /// Addresses of load balancers whose <c>X-Forwarded-For</c> header is believed: a request
    /// arriving from one of them counts as coming from the address the proxy appended (the last
    /// one), for the per-address login throttle and the audit log. Default: empty, so the header is
    /// ignored and a client cannot pick its own address. Behind a load balancer, list it here, or
    /// every client shares the balancer's address and one throttled client blocks all logins.
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Reads the section while the host is being built, when the mode decides what to register.</summary>
    /// <exception cref="InvalidOperationException">Mode is neither Embedded nor Client.</exception>
    public static GatewayOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var mode = section[nameof(Mode)];
        var options = new GatewayOptions();
        if (!string.IsNullOrWhiteSpace(mode))
        {
            if (!Enum.TryParse<GatewayMode>(mode, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                throw new InvalidOperationException(
                    $"{SectionName}:{nameof(Mode)} is '{mode}', which is not a gateway mode. Allowed values (case-insensitive): " +
                    $"{GatewayMode.Embedded} (the default: the gateway hosts a silo), {GatewayMode.Client} (a client of separate Silo processes).");
            }
            options.Mode = parsed;
        }
        section.GetSection(nameof(KnownProxies)).Bind(options.KnownProxies);
        return options;
    }
}
