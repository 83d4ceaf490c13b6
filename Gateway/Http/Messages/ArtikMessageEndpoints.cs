using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Messages.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Messages;

/// <summary>
/// ARTIK Cloud's REST message endpoint (seed 002, "Securely post messages"):
/// <c>POST /v1.1/message</c> with <c>{"sdid":…,"data":{…}}</c> and <c>Authorization: bearer
/// &lt;device token&gt;</c>, answering 200 <c>{"data":{"mid":…}}</c>. The pipeline adds the
/// X-Rate-Limit headers; errors are ARTIK's <c>{"error":{"code":…,"message":…}}</c>.
/// </summary>
public static class ArtikMessageEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("artik.messages.send", "POST", "/v1.1/message", EndpointPrivacy.Private, ApiSurface.Artik,
            "ARTIK: send a message for the source device sdid ({\"sdid\":…,\"data\":{…},\"ts\":<ms, optional>}); answers {\"data\":{\"mid\":…}} once durable. The device itself, or a user who may write to it.",
            SendAsync, typeof(ArtikMessageRequest), typeof(ArtikMessageResponse), Permission: Permissions.MessagesPublish,
            ErrorMediaType: "application/json"),
    ];

    private static async Task<IResult> SendAsync(RequestContext request)
    {
        var body = await request.ReadJsonAsync<ArtikMessageRequest>(MessageEndpoints.MaxBodyBytes);
        if (body.Type is not (null or "message"))
        {
            throw new InvalidRequestException($"type is 'message', not '{body.Type}'.");
        }
        if (string.IsNullOrEmpty(body.Sdid))
        {
            throw new InvalidRequestException("sdid is required: the id of the device the data is from.");
        }
        var message = MessageEndpoints.ToMessage(body.Data, body.Ts, "data", "ts");
        var published = await request.Grains.GetGrain<IDeviceGrain>(body.Sdid).PublishAsync(request.Caller, message);
        // ARTIK's answer has "Content-Type: application/json" without a charset, and a Content-Length.
        var bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new ArtikMessageResponse(new ArtikMessageId(published.Mid)), GatewayJson.Options);
        return Results.Bytes(bytes, contentType: "application/json");
    }
}
