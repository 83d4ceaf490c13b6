using System.Text.Json;
using System.Collections.Immutable;
using Gatehouse.Gateway.Http.Authentication;
using Gatehouse.Gateway.Http.RateLimits;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Messages;
using Gatehouse.Runtime;

namespace Gatehouse.Gateway.Realtime;

/// <summary>
/// The protocol session of ARTIK's device channel (<c>/v1.1/websocket</c>), apart from the
/// transport: it reads one client frame at a time and answers on the connection's queue.
/// <c>register</c> authenticates the frame's bearer token, asks the device grain to register the
/// channel (the grain checks the right to publish), watches the token, and acknowledges.
/// <c>message</c> (also a frame without <c>type</c>, as ARTIK defaults it) needs its <c>sdid</c>
/// registered here, authenticates the registered token again, publishes through the device grain,
/// and acknowledges with the <c>mid</c> once the grain says the message is durable. Every refused
/// frame gets an ARTIK error frame and counts as a bad frame; too many close the channel.
/// </summary>
internal sealed partial class ArtikDeviceChannel(
    LiveConnection connection,
    WebSocketFrameReader reader,
    IGrainFactory grains,
    RealtimeOptions options,
    TimeProvider time,
    RequestRateLimiter rateLimits,
    IAuditLog audit,
    string? sourceAddress,
    bool acknowledgeMessages)
{
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.Ordinal);
    private int _badFrames;
    private int _registered;
    private long _lastFrameAt = time.GetUtcNow().UtcTicks;

    /// <summary>At a keep-alive tick: close a channel whose client has been silent too long.</summary>
    public void CheckIdle(DateTimeOffset now)
    {
        if (now.UtcTicks - Interlocked.Read(ref _lastFrameAt) >= options.IdleTimeout.Ticks)
        {
            connection.Close(new ChannelClose(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, $"Idle for {options.IdleTimeout.TotalSeconds:0} s.", Code: 408));
        }
    }

    /// <summary>Armed when the channel opens: a channel with no device registered by then is closed.</summary>
    public void CheckRegistered()
    {
        if (Volatile.Read(ref _registered) == 0)
        {
            connection.Close(new ChannelClose(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation,
                $"No device registered within {options.RegisterTimeout.TotalSeconds:0} s.", Code: 401));
        }
    }

    public async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await reader.ReadAsync(cancellationToken);
            if (frame.Kind == InboundFrameKind.Closed)
            {
                return;
            }
            if (connection.Transport.IsClosing)
            {
                // Closing: read on only to take the client's close frame.
                continue;
            }
            Interlocked.Exchange(ref _lastFrameAt, time.GetUtcNow().UtcTicks);
            switch (frame.Kind)
            {
                case InboundFrameKind.Binary:
                    Refuse(400, "Binary frames are not accepted; send JSON text frames.");
                    break;
                case InboundFrameKind.TooLarge:
                    Refuse(413, $"A frame may have at most {options.MaxFrameBytes} bytes.");
                    break;
                case InboundFrameKind.BadEncoding:
                    Refuse(400, "The frame is not valid UTF-8 text.");
                    break;
                default:
                    try
                    {
                        await HandleAsync(frame.Text!);
                    }
                    catch (GrainCallTimeoutException)
                    {
                        Refuse(503, "The service did not answer in time; retry.");
                    }
                    break;
            }
        }
    }

    private async Task HandleAsync(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            Refuse(400, "The frame is not valid JSON.");
            return;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                Refuse(400, "A frame must be a JSON object.");
                return;
            }
            var cid = Cid(root);
            var type = root.TryGetProperty("type", out var typeElement) ? typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null : "message";
            switch (type)
            {
                case "register":
                    await RegisterAsync(root, cid);
                    break;
                case "message":
                    await PublishAsync(root, cid);
                    break;
                default:
                    Refuse(400, type is { Length: > 0 and <= 32 } && type.All(char.IsAsciiLetterOrDigit)
                        ? $"Unknown frame type '{type}'; this channel accepts 'register' and 'message'."
                        : "Unknown frame type; this channel accepts 'register' and 'message'.", cid);
                    break;
            }
        }
    }

    private async Task RegisterAsync(JsonElement root, string? cid)
    {
        if (DeviceId(root) is not { } sdid)
        {
            Refuse(400, "A register frame needs 'sdid', the device id.", cid);
            return;
        }
        if (!TryGetBearer(root, out var token))
        {
            Refuse(401, "Please provide a valid authorization: \"Authorization\": \"bearer <device token>\".", cid);
            return;
        }
        if (!_registrations.ContainsKey(sdid) && _registrations.Count >= options.MaxRegistrationsPerChannel)
        {
            Refuse(400, $"A channel may register at most {options.MaxRegistrationsPerChannel} devices.", cid);
            return;
        }
        var credential = PresentedCredential.Bearer(token, CredentialSource.AuthorizationHeader);
        var authentication = await connection.ResolveAsync(credential);
        if (authentication.Failure == AuthenticationFailure.CertificateRequired)
        {
            Refuse(403, "This is a secure device: open the channel on the secure endpoint with its client certificate.", cid);
            return;
        }
        if (authentication.Caller is not { } caller)
        {
            await AuditFailureAsync(credential, authentication.Failure);
            Refuse(401, "The token is not valid: unknown, revoked or expired.", cid);
            return;
        }
        var device = grains.GetGrain<IDeviceGrain>(sdid);
        if (!await CallAsync(() => device.OpenChannelAsync(caller, connection.ChannelReference), cid))
        {
            return;
        }
        var hold = await connection.HoldAsync(credential, caller);
        if (hold is null)
        {
            await device.CloseChannelAsync(connection.ChannelReference);
            Refuse(401, "The token has been revoked.", cid);
            return;
        }
        if (_registrations.Remove(sdid, out var previous))
        {
            connection.Release(previous.Hold);
        }
        _registrations[sdid] = new Registration(device, hold);
        connection.AddRenewal(sdid, () => device.OpenChannelAsync(hold.Caller, connection.ChannelReference), () => device.CloseChannelAsync(connection.ChannelReference));
        Volatile.Write(ref _registered, 1);
        connection.Transport.Send(ArtikFrames.RegisterAck(cid));
    }

    private async Task PublishAsync(JsonElement root, string? cid)
    {
        if (DeviceId(root) is not { } sdid)
        {
            Refuse(400, "A message frame needs 'sdid', the device id.", cid);
            return;
        }
        if (!_registrations.TryGetValue(sdid, out var registration))
        {
            Refuse(403, "This device is not registered on this channel; send a register frame for it first.", cid);
            return;
        }
        if (!root.TryGetProperty("data", out var data))
        {
            Refuse(400, "A message frame needs 'data'.", cid);
            return;
        }
        DateTimeOffset? ts = null;
        if (root.TryGetProperty("ts", out var tsElement) && tsElement.ValueKind != JsonValueKind.Null)
        {
            if (tsElement.ValueKind != JsonValueKind.Number || !tsElement.TryGetInt64(out var milliseconds)
                || milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
            {
                Refuse(400, "'ts' must be a time in milliseconds since 1970-01-01 UTC.", cid);
                return;
            }
            ts = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }
        // A fresh caller for every message: no decision made at register time outlives a change.
        var caller = await connection.ReauthenticateAsync(registration.Hold);
        if (caller is null)
        {
            return;
        }
        // Each message spends a request of the device's (or key's) budget, as POST /v1.1/message does.
        if (await rateLimits.AcquireAsync(caller) is { Allowed: false } limited)
        {
            connection.Transport.Send(ArtikFrames.Error(429,
                $"Rate limit exceeded; retry in {Math.Max(1, (long)Math.Ceiling(limited.RetryAfter.TotalSeconds))} s.", cid));
            return;
        }
        PublishedMessage? published = null;
        if (await CallAsync(async () => published = await registration.Device.PublishAsync(caller, new NewMessage(data.GetRawText(), ts)), cid)
            && acknowledgeMessages)
        {
            connection.Transport.Send(ArtikFrames.MessageAck(published!.Mid, cid));
        }
    }

    /// <summary>Runs a grain call; a refusal becomes an error frame.</summary>
    private async Task<bool> CallAsync(Func<Task> call, string? cid)
    {
        try
        {
            await call();
            return true;
        }
        catch (Exception exception) when (Map(exception) is { } code)
        {
            Refuse(code, exception.Message, cid);
            return false;
        }
    }

    private void Refuse(int code, string message, string? cid = null)
    {
        connection.Transport.Send(ArtikFrames.Error(code, message, cid));
        if (++_badFrames >= options.MaxBadFrames)
        {
            connection.Close(new ChannelClose(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, $"Too many refused frames ({_badFrames})."));
        }
    }

    /// <summary>A failed register credential is audited as a failed request credential is: its public part only.</summary>
    private ValueTask AuditFailureAsync(PresentedCredential credential, AuthenticationFailure failure)
    {
        var (kind, publicId, principal, principalId) = CredentialAuditView.Describe(credential);
        var details = ImmutableDictionary<string, string>.Empty
            .Add("reason", failure.ToString())
            .Add("endpoint", RealtimeEndpoints.ArtikChannelName)
            .Add("presentedIn", "register frame");
        return audit.RecordAsync(AuditActions.CredentialFailed, AuditActor.Claimed(kind, publicId, principal, principalId),
            "credential", publicId ?? "(none)", null, AuditOutcome.Failed, sourceAddress, details);
    }

    private static int? Map(Exception exception) => exception switch
    {
        InvalidRequestException => 400,
        NotAuthenticatedException => 401,
        AccessDeniedException => 403,
        ResourceNotFoundException => 404,
        GrainCallTimeoutException => 503,
        _ => null,
    };

    private static string? DeviceId(JsonElement root) =>
        root.TryGetProperty("sdid", out var sdid) && sdid.ValueKind == JsonValueKind.String && sdid.GetString() is { Length: > 0 and <= 64 } id ? id : null;

    private static string? Cid(JsonElement root)
    {
        if (!root.TryGetProperty("cid", out var cid))
        {
            return null;
        }
        var text = cid.ValueKind switch
        {
            JsonValueKind.String => cid.GetString(),
            JsonValueKind.Number => cid.GetRawText(),
            _ => null,
        };
        return text is { Length: <= 128 } ? text : null;
    }

    /// <summary>ARTIK's <c>Authorization</c> member (its tutorials also write it in lower case): <c>bearer &lt;token&gt;</c>, scheme in any case.</summary>
    private static bool TryGetBearer(JsonElement root, out string token)
    {
        token = "";
        foreach (var member in root.EnumerateObject())
        {
            if (!member.NameEquals("Authorization") && !member.NameEquals("authorization"))
            {
                continue;
            }
            if (member.Value.ValueKind != JsonValueKind.String)
            {
                return false;
            }
            var value = member.Value.GetString()!.Trim();
            const string scheme = "bearer ";
            if (value.Length <= scheme.Length || !value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            token = value[scheme.Length..].Trim();
            return token.Length > 0;
        }
        return false;
    }

    private sealed record Registration(IDeviceGrain Device, CredentialHold Hold);
}
