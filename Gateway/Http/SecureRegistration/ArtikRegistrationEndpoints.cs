using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.SecureRegistration.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Security;
using Gatehouse.Grains.SecureRegistration;

namespace Gatehouse.Gateway.Http.SecureRegistration;

/// <summary>
/// ARTIK Cloud's secure device registration (seed 002), on the secure endpoint: the device
/// authenticates by its TLS client certificate alone. The handlers pass the certificate (or its
/// thumbprint) to the grains, which decide: the device type whether it trusts it, the request
/// whether it is the one the request started with. The ARTIK CORS and Allow headers come from
/// <c>GatehouseCors</c> for every <c>/v1.1</c> path.
/// </summary>
public static class ArtikRegistrationEndpoints
{
    public const string RegistrationsPath = "/v1.1/cert/devices/registrations";

    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("artik.registrations.start", "POST", RegistrationsPath, EndpointPrivacy.Public, ApiSurface.Artik,
            "ARTIK secure registration, step 3: with a client certificate the secure device type trusts, {\"deviceTypeId\",\"vendorDeviceId\"} answers {\"data\":{\"rid\",\"pin\",\"nonce\",\"expiresOn\"}}. 409 when a device is registered with that vdid; an older pending request for it is revoked.",
            StartAsync, typeof(ArtikRegistrationRequest), typeof(ArtikRegistrationResponse), ErrorMediaType: "application/json"),
        new("artik.registrations.status", "GET", RegistrationsPath + "/{rid}/status", EndpointPrivacy.Public, ApiSurface.Artik,
            "ARTIK: a registration request's status (PENDING_USER_CONFIRMATION, PENDING_DEVICE_COMPLETION, REGISTERED with did, EXPIRED, REVOKED), with the request's client certificate; 403 with another, 404 unknown.",
            StatusAsync, ResponseBody: typeof(ArtikRegistrationStatusResponse), ErrorMediaType: "application/json"),
        new("artik.registrations.complete", "PUT", RegistrationsPath + "/{rid}", EndpointPrivacy.Public, ApiSurface.Artik,
            "ARTIK secure registration, step 15: after the user confirmed, {\"nonce\"} with the request's client certificate creates the device for that user, bound to the certificate, and answers {\"data\":{\"accessToken\",\"uid\",\"did\"}}.",
            CompleteAsync, typeof(ArtikCompletionRequest), typeof(ArtikCompletionResponse), ErrorMediaType: "application/json"),
    ];

    private static async Task<IResult> StartAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ArtikRegistrationRequest>();
        if (string.IsNullOrEmpty(body.DeviceTypeId) || string.IsNullOrEmpty(body.VendorDeviceId))
        {
            throw new InvalidRequestException("deviceTypeId and vendorDeviceId are required.");
        }
        if (!Grains.Devices.DeviceTypeGrain.IsTypeId(body.DeviceTypeId))
        {
            // Checked before the slot key is formed: a '/' in it would move part of the dtid into the vdid.
            throw new InvalidRequestException("deviceTypeId is 'dt' and 32 lowercase hex digits.");
        }
        var certificate = ClientCertificates.Der(request.Http)
            ?? throw new AccessDeniedException("Secure registration needs the device's client certificate: call the secure endpoint with it.");
        var started = await request.Grains.GetGrain<ISecureDeviceSlotGrain>(SecureDeviceSlotKey.For(body.DeviceTypeId, body.VendorDeviceId))
            .StartAsync(certificate, request.SourceAddress);
        return Results.Json(new ArtikRegistrationResponse(new ArtikRegistration(started.Rid, started.Pin, started.Nonce, started.ExpiresOn.ToUnixTimeMilliseconds())),
            GatewayJson.Options);
    }

    private static async Task<IResult> StatusAsync(RequestContext request)
    {
        var status = await Registration(request).GetStatusAsync(ClientCertificates.Thumbprint(request.Http));
        return Results.Json(new ArtikRegistrationStatusResponse(new ArtikRegistrationStatus(SecureRegistrationStatuses.Name(status.Status), status.DeviceId)),
            GatewayJson.Options);
    }

    private static async Task<IResult> CompleteAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ArtikCompletionRequest>();
        if (string.IsNullOrEmpty(body.Nonce))
        {
            throw new InvalidRequestException("nonce is required: the one the registration request answered with.");
        }
        var completed = await Registration(request).CompleteAsync(ClientCertificates.Thumbprint(request.Http), body.Nonce);
        return Results.Json(new ArtikCompletionResponse(new ArtikCompletion(completed.AccessToken, completed.UserId, completed.DeviceId)), GatewayJson.Options);
    }

    private static ISecureRegistrationGrain Registration(RequestContext request)
    {
        var rid = request.Route("rid");
        // Anything but 32 lowercase hex digits names no request; grains are not activated for it.
        if (rid.Length != 32 || rid.AsSpan().IndexOfAnyExcept("0123456789abcdef") >= 0)
        {
            throw new ResourceNotFoundException("No such registration request.");
        }
        return request.Grains.GetGrain<ISecureRegistrationGrain>(rid);
    }
}
