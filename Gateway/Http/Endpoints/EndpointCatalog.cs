namespace Gatehouse.Gateway.Http.Endpoints;

/// <summary>
/// Every endpoint the gateway serves. The route table, <c>/openapi.json</c> and the
/// authorization-matrix test all read this list, so an endpoint cannot exist without a description.
/// </summary>
public static class EndpointCatalog
{
    public static IReadOnlyList<GatehouseEndpoint> All { get; } = Build();

    private static List<GatehouseEndpoint> Build()
    {
        var endpoints = new List<GatehouseEndpoint>();
        endpoints.AddRange(Identity.AuthEndpoints.All);
        endpoints.AddRange(Identity.UserEndpoints.All);
        endpoints.AddRange(Identity.KeyEndpoints.All);
        endpoints.AddRange(Identity.AccountEndpoints.All);
        endpoints.AddRange(Identity.ApplicationEndpoints.All);
        endpoints.AddRange(Identity.DeviceIdentityEndpoints.All);
        endpoints.AddRange(Identity.RfcxEndpoints.All);
        endpoints.AddRange(Identity.SecondFactorEndpoints.All);
        endpoints.AddRange(Identity.AuditEndpoints.All);
        endpoints.AddRange(Devices.EvrythngThngEndpoints.All);
        endpoints.AddRange(Devices.WoTKitSensorEndpoints.All);
        endpoints.AddRange(Devices.DeviceTypeEndpoints.All);
        endpoints.AddRange(Messages.MessageEndpoints.All);
        endpoints.AddRange(Messages.ArtikMessageEndpoints.All);
        endpoints.AddRange(SecureRegistration.ArtikRegistrationEndpoints.All);
        endpoints.AddRange(SecureRegistration.PairingEndpoints.All);
        endpoints.AddRange(OAuth.OAuthClientEndpoints.All);
        endpoints.AddRange(OAuth.AuthorizedClientEndpoints.All);
        endpoints.AddRange(OAuth.AuthorizeEndpoints.All);
        endpoints.AddRange(OAuth.TokenEndpoint.All);
        endpoints.AddRange(Meta.MetaEndpoints.All);
        endpoints.AddRange(Realtime.RealtimeEndpoints.All);
        var duplicate = endpoints.GroupBy(e => e.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two endpoints are named '{duplicate.Key}'.");
        }
        var unguarded = endpoints.FirstOrDefault(e => e.Authentication == EndpointAuthentication.Handler && e.Privacy != EndpointPrivacy.Public);
        if (unguarded is not null)
        {
            // With no caller resolved, a private endpoint's privacy check would refuse everyone.
            throw new InvalidOperationException($"'{unguarded.Name}' authenticates in its handler, so it must be Public.");
        }
        return endpoints;
    }

    public static void MapGatehouseEndpoints(this WebApplication app)
    {
        var pipeline = app.Services.GetRequiredService<EndpointPipeline>();
        foreach (var endpoint in All)
        {
            app.MapMethods(endpoint.Pattern, [endpoint.Method], http => pipeline.InvokeAsync(http, endpoint))
                .WithName(endpoint.Name)
                .WithMetadata(endpoint);
        }
    }
}
