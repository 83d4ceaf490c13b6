using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Errors;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;
using Microsoft.Extensions.Options;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// The live channels: ARTIK's device channel and a device's live feed (server-sent events or a
/// WebSocket on one path). Both are in the catalog, so they appear in OpenAPI and the matrix.
/// </summary>
public static partial class RealtimeEndpoints
{
    public const string ArtikChannelName = "artik.websocket";

    public const string FeedName = "devices.feed";

    public static IReadOnlyList<GatehouseEndpoint> All { get; } =
    [
        // The device authenticates inside the socket (its register frame carries the token), so
        // the pipeline resolves nothing here: it is Handler and therefore Public.
        new(ArtikChannelName, "GET", "/v1.1/websocket", EndpointPrivacy.Public, ApiSurface.Artik,
            "ARTIK device channel (WebSocket): register devices with their tokens, send messages, get acknowledgements with mids.",
            ArtikChannelAsync, Authentication: EndpointAuthentication.Handler),
        new(FeedName, "GET", "/v1/devices/{deviceId}/feed", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "A device's messages as they arrive: server-sent events (Accept: text/event-stream) or a WebSocket upgrade. Readers with messages:read.",
            FeedAsync, Permission: Permissions.MessagesRead, ResponseMediaType: ServerSentEventsTransport.MediaType),
    ];

    private static async Task<IResult> ArtikChannelAsync(RequestContext context)
    {
        var http = context.Http;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return ErrorResponder.Error(ApiSurface.Artik, StatusCodes.Status400BadRequest, "Bad request",
                "This is ARTIK's device channel: open it as a WebSocket (GET with Upgrade: websocket).");
        }
        var services = Services.From(http);
        // ARTIK acknowledges messages only with ?ack=true; Gatehouse always does unless told ack=false.
        var acknowledge = !string.Equals(context.Query("ack"), "false", StringComparison.OrdinalIgnoreCase);
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var transport = new WebSocketTransport(services.Options.SendQueueLength, now => FeedFrames.Ping(now));
        transport.Attach(socket);
        ArtikDeviceChannel? channel = null;
        await using var connection = new LiveConnection(transport, context.Grains, services.Resolver, services.Options, services.Time,
            services.Logger, ArtikChannelName, context.SourceAddress, socket.Abort, services.SubscriptionLifetime)
        {
            Farewell = close => ArtikFrames.Error(close.Code, close.Reason),
            // Seed 002: the secure WebSocket takes the certificate at the upgrade only; frames carry none.
            ClientCertificate = Http.Authentication.ClientCertificates.Thumbprint(http),
            Tick = now => channel?.CheckIdle(now),
        };
        channel = new ArtikDeviceChannel(connection, new WebSocketFrameReader(socket, services.Options.MaxFrameBytes), context.Grains, services.Options, services.Time,
            http.RequestServices.GetRequiredService<Http.RateLimits.RequestRateLimiter>(), http.RequestServices.GetRequiredService<Grains.Audit.IAuditLog>(),
            context.SourceAddress, acknowledge);
        using var registerTimer = services.Time.CreateTimer(_ => channel.CheckRegistered(), null, services.Options.RegisterTimeout, Timeout.InfiniteTimeSpan);
        await connection.RunAsync(channel.ReadLoopAsync, http.RequestAborted, services.Stopping);
        return Results.Empty;
    }

    private static async Task<IResult> FeedAsync(RequestContext context)
    {
        var http = context.Http;
        var caller = context.Caller;
        if (caller.Credential is CredentialKind.TemporaryToken or CredentialKind.RegistrationToken)
        {
            throw new AccessDeniedException("Temporary and registration tokens are for single requests and cannot hold a live feed; use an access token or a key.");
        }
        var deviceId = context.Route("deviceId");
        var device = context.Grains.GetGrain<IDeviceGrain>(deviceId);
        var webSocket = http.WebSockets.IsWebSocketRequest;
        var eventStream = !webSocket && AcceptsEventStream(http.Request);
        if (!webSocket && !eventStream)
        {
            // Who may read is answered first (403, 404), so the status says what is wrong with the request.
            await device.ReadMessagesAsync(caller, new MessageRange { Limit = 1 });
            return ErrorResponder.Error(ApiSurface.Native, StatusCodes.Status406NotAcceptable, "Not acceptable",
                "A feed is a stream: send Accept: text/event-stream, or open this path as a WebSocket.");
        }
        var services = Services.From(http);
        System.Net.WebSockets.WebSocket? socket = null;
        LiveTransport transport;
        ServerSentEventsTransport? events = null;
        if (webSocket)
        {
            // Accepted after the subscription succeeded, so a refusal is an ordinary HTTP status;
            // frames queued meanwhile wait in the transport's queue.
            transport = new WebSocketTransport(services.Options.SendQueueLength, now => FeedFrames.Ping(now));
        }
        else
        {
            transport = events = new ServerSentEventsTransport(http.Response, services.Options.SendQueueLength);
        }
        await using var connection = new LiveConnection(transport, context.Grains, services.Resolver, services.Options, services.Time,
            services.Logger, FeedName, context.SourceAddress, () => { socket?.Abort(); http.Abort(); }, services.SubscriptionLifetime)
        {
            ClientCertificate = Http.Authentication.ClientCertificates.Thumbprint(http),
        };
        var credential = await CredentialExtractor.ExtractAsync(http.Request, http.RequestAborted);
        CredentialHold? hold = null;
        if (caller.IsAuthenticated)
        {
            hold = await connection.HoldAsync(credential.Credential, caller)
                ?? throw new NotAuthenticatedException("The credential has been revoked.");
        }
        await device.SubscribeAsync(caller, connection.FeedReference);
        connection.AddRenewal(device, () => device.SubscribeAsync(hold?.Caller ?? caller, connection.FeedReference), () => device.UnsubscribeAsync(connection.FeedReference));
        LogFeedOpened(services.Logger, deviceId, caller.Describe(), webSocket ? "websocket" : "sse");
        if (transport is WebSocketTransport deferred)
        {
            socket = await http.WebSockets.AcceptWebSocketAsync();
            deferred.Attach(socket);
            var reader = new WebSocketFrameReader(socket, services.Options.MaxFrameBytes);
            await connection.RunAsync(ct => DiscardClientFramesAsync(reader, ct), http.RequestAborted, services.Stopping);
            socket.Dispose();
        }
        else
        {
            await events!.StartAsync(http.RequestAborted);
            await connection.RunAsync(ct => WaitForCloseAsync(transport, ct), http.RequestAborted, services.Stopping);
        }
        return Results.Empty;
    }

    /// <summary>A feed's client has nothing to say; its frames are read (within the size bound) and dropped until it closes.</summary>
    private static async Task DiscardClientFramesAsync(WebSocketFrameReader reader, CancellationToken cancellationToken)
    {
        while ((await reader.ReadAsync(cancellationToken)).Kind != InboundFrameKind.Closed)
        {
        }
    }

    private static async Task WaitForCloseAsync(LiveTransport transport, CancellationToken cancellationToken)
    {
        await Task.WhenAny(transport.Closing, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    private static bool AcceptsEventStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ServerSentEventsTransport.MediaType, StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Feed of device {DeviceId} opened for {Caller} over {Transport}")]
    private static partial void LogFeedOpened(ILogger logger, string deviceId, string caller, string transport);

    private sealed record Services(RealtimeOptions Options, CallerResolver Resolver, TimeProvider Time, ILogger Logger, CancellationToken Stopping, TimeSpan SubscriptionLifetime)
    {
        public static Services From(HttpContext http)
        {
            var provider = http.RequestServices;
            return new Services(
                provider.GetRequiredService<IOptions<RealtimeOptions>>().Value,
                provider.GetRequiredService<CallerResolver>(),
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RealtimeEndpoints).FullName!),
                provider.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping,
                provider.GetRequiredService<IOptions<MessageOptions>>().Value.FeedSubscriptionLifetime);
        }
    }
}
