using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Gatehouse.Gateway.Hosting;

/// <summary>
/// ARTIK's secure endpoint (<c>https://s-api.artik.cloud/v1.1/</c>): the Kestrel endpoint named
/// <c>Secure</c> (<c>Kestrel:Endpoints:Secure:Url</c>, its server certificate from
/// <c>Kestrel:Endpoints:Secure:Certificate:Path</c> and <c>KeyPath</c>, PEM). On it the gateway
/// asks every client for a certificate. Kestrel accepts any certificate whose key the client
/// proves, and checks none against the operating system's store: which certificates count is
/// decided per secure device type by its grain (the vendor's CA), and a device's certificate
/// is bound to it by its grain. A client without one is served as on any https endpoint.
/// </summary>
internal static class SecureEndpoint
{
    public const string Name = "Secure";

    public static void Configure(WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
            kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false)
                .Endpoint(Name, endpoint =>
                {
                    endpoint.HttpsOptions.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Trust is the device type's, not the OS store's: the chain is checked by the type's grain.
                    endpoint.HttpsOptions.AllowAnyClientCertificate();
                }));
    }
}
