using System.Collections.Immutable;
using System.Text.Json;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Gateway.Http.Messages.Contracts;
using Gatehouse.Grains;
using Gatehouse.Grains.Devices;
using Gatehouse.Grains.Messages;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Messages;

/// <summary>
/// A device's data on the native API: publishing a message, reading history in pages, the latest
/// value of each field, and aggregates per interval (IoT Open's "very fast HTTP API" for data
/// series). Reads answer JSON, or CSV with <c>Accept: text/csv</c> or <c>format=csv</c>. The
/// device grain decides who may publish and read.
/// </summary>
public static class MessageEndpoints
{
    /// <summary>Largest publish body: the data's limit plus room for <c>ts</c> and the envelope.</summary>
    public const long MaxBodyBytes = MessagePayloadRules.MaxPayloadBytes + 1024;

    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("messages.publish", "POST", "/v1/devices/{deviceId}/messages", EndpointPrivacy.Private, ApiSurface.Native,
            "Publish a message for a device: {\"data\":{…},\"ts\":<ms or ISO 8601, optional>}. Answers once it is durable, with its mid. The device itself, its owner, users it is shared with for writing.",
            PublishAsync, typeof(PublishMessageRequest), typeof(PublishedMessageResponse), StatusCodes.Status201Created, Permissions.MessagesPublish),
        new("messages.list", "GET", "/v1/devices/{deviceId}/messages", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "A device's messages in [from, to), a page at a time (limit ≤ 1000, cursor, order asc|desc). JSON, or CSV (Accept: text/csv or format=csv). Public devices: anyone.",
            ListAsync, ResponseBody: typeof(MessagePageResponse), Permission: Permissions.MessagesRead, AlternateResponseMediaType: CsvTable.MediaType),
        new("series.latest", "GET", "/v1/devices/{deviceId}/series/latest", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "The latest value of every field of a device, with its time and mid. JSON or CSV.",
            LatestAsync, ResponseBody: typeof(LatestValuesResponse), Permission: Permissions.MessagesRead, AlternateResponseMediaType: CsvTable.MediaType),
        new("series.aggregate", "GET", "/v1/devices/{deviceId}/series", EndpointPrivacy.PublicOrPrivate, ApiSurface.Native,
            "Min, max, avg and count per field and interval over [from, to) (default: the last 24 h, interval 1h; intervals like 1m, 15m, 1h, 1d; fields=a,b to choose). JSON or CSV.",
            SeriesAsync, ResponseBody: typeof(SeriesResponse), Permission: Permissions.MessagesRead, AlternateResponseMediaType: CsvTable.MediaType),
    ];

    private static async Task<IResult> PublishAsync(RequestContext request)
    {
        var deviceId = request.Route("deviceId");
        var message = await ReadMessageAsync(request);
        var published = await Device(request).PublishAsync(request.Caller, message);
        var ts = message.DeviceTimestamp is { } deviceTime ? DateTimeOffset.FromUnixTimeMilliseconds(deviceTime.ToUnixTimeMilliseconds()) : published.ReceivedAt;
        var ms = ts.ToUnixTimeMilliseconds();
        return Results.Created($"/v1/devices/{deviceId}/messages?from={ms}&to={ms + 1}",
            new PublishedMessageResponse(published.Mid, deviceId, published.ReceivedAt, ts, ms));
    }

    private static async Task<IResult> ListAsync(RequestContext request)
    {
        var format = DataFormatNegotiation.Choose(request.Http.Request);
        var range = new MessageRange
        {
            From = DataQuery.Time(request.Query("from"), "from"),
            To = DataQuery.Time(request.Query("to"), "to"),
            Cursor = request.Query("cursor") is { Length: > 0 } cursor ? cursor : null,
            Limit = DataQuery.Limit(request.Query("limit"), MessageRange.DefaultLimit, MessageRange.MaxLimit),
            Descending = DataQuery.Descending(request.Query("order")),
        };
        var page = await Device(request).ReadMessagesAsync(request.Caller, range);
        if (format == DataFormat.Json)
        {
            return Results.Ok(new MessagePageResponse([.. page.Messages.Select(MessageView.From)], page.NextCursor));
        }
        var table = new CsvTable("mid", "ts", "tsMs", "receivedAt", "senderKind", "senderId", "data");
        foreach (var m in page.Messages)
        {
            table.Row(m.Mid, m.Timestamp, m.Timestamp.ToUnixTimeMilliseconds(), m.ReceivedAt, m.Sender.Kind.ToString().ToLowerInvariant(), m.Sender.Id, m.PayloadJson);
        }
        // CSV has no room for the cursor, so it travels in a header.
        return table.ToResult(response =>
        {
            if (page.NextCursor is { } next)
            {
                response.Headers["X-Next-Cursor"] = next;
            }
        });
    }

    private static async Task<IResult> LatestAsync(RequestContext request)
    {
        var format = DataFormatNegotiation.Choose(request.Http.Request);
        var values = await Device(request).GetLatestValuesAsync(request.Caller);
        if (format == DataFormat.Json)
        {
            return Results.Ok(new LatestValuesResponse(request.Route("deviceId"), [.. values.Select(FieldValueView.From)]));
        }
        var table = new CsvTable("field", "type", "value", "ts", "tsMs", "mid");
        foreach (var v in values)
        {
            table.Row(v.Field, v.Type.ToString().ToLowerInvariant(), FieldValueView.Cell(v), v.Timestamp, v.Timestamp.ToUnixTimeMilliseconds(), v.Mid);
        }
        return table.ToResult();
    }

    private static async Task<IResult> SeriesAsync(RequestContext request)
    {
        var format = DataFormatNegotiation.Choose(request.Http.Request);
        var to = DataQuery.Time(request.Query("to"), "to") ?? request.Now;
        var from = DataQuery.Time(request.Query("from"), "from") ?? to - TimeSpan.FromDays(1);
        var interval = DataQuery.Interval(request.Query("interval"), "interval", TimeSpan.FromHours(1));
        ImmutableArray<string> fields = request.Query("fields") is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
            : [];
        var buckets = await Device(request).GetSeriesAsync(request.Caller, new SeriesQuery(from, to, interval, fields));
        if (format == DataFormat.Json)
        {
            return Results.Ok(new SeriesResponse(request.Route("deviceId"), from, to, DataQuery.Describe(interval),
                [.. buckets.Select(b => new SeriesBucketView(b.Start, b.Start.ToUnixTimeMilliseconds(), b.Field, b.Count, b.Min, b.Max, b.Avg))]));
        }
        var table = new CsvTable("start", "startMs", "field", "count", "min", "max", "avg");
        foreach (var b in buckets)
        {
            table.Row(b.Start, b.Start.ToUnixTimeMilliseconds(), b.Field, b.Count, b.Min, b.Max, b.Avg);
        }
        return table.ToResult();
    }

    /// <summary>
    /// The message of a publish: a JSON body, or, for RFCx clients that send their credentials
    /// as form fields, an <c>application/x-www-form-urlencoded</c> body whose <c>data</c> field
    /// holds the JSON and <c>ts</c> the time.
    /// </summary>
    private static async Task<NewMessage> ReadMessageAsync(RequestContext request)
    {
        var http = request.Http.Request;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(request.Http.RequestAborted);
            var unknown = form.Keys.FirstOrDefault(k => k is not ("data" or "ts" or "auth_user" or "auth_token" or "access_token"));
            if (unknown is not null)
            {
                throw new InvalidRequestException($"Unknown form field '{unknown}'; a message form has data (JSON) and ts.");
            }
            var text = form["data"].ToString();
            if (text.Length == 0)
            {
                throw new InvalidRequestException("data is required: the message's JSON.");
            }
            return ToMessage(text, DataQuery.Time(form["ts"].ToString(), "ts"));
        }
        var body = await request.ReadJsonAsync<PublishMessageRequest>(MaxBodyBytes);
        return ToMessage(body.Data, body.Ts, "data", "ts");
    }

    /// <summary>Shared with ARTIK's <c>POST /v1.1/message</c>: the data's JSON text (413 past the limit) and its time.</summary>
    public static NewMessage ToMessage(JsonElement data, JsonElement? ts, string dataMember, string tsMember)
    {
        if (data.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            throw new InvalidRequestException($"{dataMember} is required: the message's values, usually an object of fields.");
        }
        return ToMessage(data.GetRawText(), DataQuery.Time(ts, tsMember));
    }

    private static NewMessage ToMessage(string json, DateTimeOffset? ts)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(json) > MessagePayloadRules.MaxPayloadBytes)
        {
            throw new PayloadTooLargeException($"A message's data may have at most {MessagePayloadRules.MaxPayloadBytes} bytes of JSON.");
        }
        return new NewMessage(json, ts);
    }

    private static IDeviceGrain Device(RequestContext request) => request.Grains.GetGrain<IDeviceGrain>(request.Route("deviceId"));
}
