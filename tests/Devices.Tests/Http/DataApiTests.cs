using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Http;

/// <summary>The native data API over HTTP: publishing, history pages, latest values and aggregates, as JSON and CSV.</summary>
public sealed class DataApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    private GatewayHost _host = null!;
    private IdentityApi _api = null!;
    private Action<HttpRequestMessage> _owner = null!;

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync(sqlite: false);
        _api = new IdentityApi(_host);
        _owner = Present.Bearer((await _api.CreateUserAndLoginAsync("owner", "owner-password-1234")).AccessToken);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Published_messages_come_back_in_pages_with_a_cursor_in_either_order()
    {
        var device = await _api.CreateDeviceAsync(_owner, "Thermometer");
        var token = await _api.IssueDeviceTokenAsync(_owner, device);
        var mids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            // ts as milliseconds for some, ISO 8601 for others: both are accepted.
            object ts = i % 2 == 0 ? Start.AddMinutes(i).ToUnixTimeMilliseconds() : Start.AddMinutes(i).ToString("O");
            using var response = await _api.SendAsync(HttpMethod.Post, $"/v1/devices/{device}/messages", Present.Bearer(token.Secret), new { data = new { temp = 20 + i }, ts });
            var published = await IdentityApi.ExpectAsync(HttpStatusCode.Created, response, "publish");
            Assert.Matches("^[0-9a-f]{32}$", published.GetProperty("mid").GetString());
            Assert.Equal(Start.AddMinutes(i).ToUnixTimeMilliseconds(), published.GetProperty("tsMs").GetInt64());
            Assert.NotNull(response.Headers.Location);
            mids.Add(published.GetProperty("mid").GetString()!);
        }

        var first = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{device}/messages?limit=2", _owner);
        Assert.Equal(mids[..2], Mids(first));
        var second = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"/v1/devices/{device}/messages?limit=2&cursor={Uri.EscapeDataString(first.GetProperty("nextCursor").GetString()!)}", _owner);
        Assert.Equal(mids[2..4], Mids(second));
        var message = second.GetProperty("messages")[0];
        Assert.Equal(22, message.GetProperty("data").GetProperty("temp").GetInt32());
        Assert.Equal("device", message.GetProperty("sender").GetProperty("kind").GetString());
        Assert.Equal(device, message.GetProperty("sender").GetProperty("id").GetString());

        var newest = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{device}/messages?order=desc&limit=10", _owner);
        Assert.Equal(Enumerable.Reverse(mids), Mids(newest));
        Assert.False(newest.TryGetProperty("nextCursor", out _), "The last page has no cursor.");

        var range = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"/v1/devices/{device}/messages?from={Uri.EscapeDataString(Start.AddMinutes(1).ToString("O"))}&to={Start.AddMinutes(3).ToUnixTimeMilliseconds()}", _owner);
        Assert.Equal(mids[1..3], Mids(range));
    }

    [Fact]
    public async Task Latest_values_and_aggregates_per_interval_answer_json()
    {
        var device = await _api.CreateDeviceAsync(_owner, "Weather");
        await PublishAsync(device, new { temp = 10.0, label = "a" }, Start.AddMinutes(1));
        await PublishAsync(device, new { temp = 14.0, on = true }, Start.AddMinutes(10));
        await PublishAsync(device, new { temp = 30.0, label = "b" }, Start.AddMinutes(20));

        var latest = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{device}/series/latest", _owner);
        var values = latest.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("field").GetString()!);
        Assert.Equal(30.0, values["temp"].GetProperty("value").GetDouble());
        Assert.Equal("b", values["label"].GetProperty("value").GetString());
        Assert.True(values["on"].GetProperty("value").GetBoolean());
        Assert.Equal(Start.AddMinutes(20).ToUnixTimeMilliseconds(), values["temp"].GetProperty("tsMs").GetInt64());

        var series = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get,
            $"/v1/devices/{device}/series?from={Start:O}&to={Start.AddHours(1):O}&interval=15m&fields=temp".Replace("+", "%2B", StringComparison.Ordinal), _owner);
        Assert.Equal("15m", series.GetProperty("interval").GetString());
        var buckets = series.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal((2L, 10.0, 14.0, 12.0), (buckets[0].GetProperty("count").GetInt64(), buckets[0].GetProperty("min").GetDouble(),
            buckets[0].GetProperty("max").GetDouble(), buckets[0].GetProperty("avg").GetDouble()));
        Assert.Equal(Start.AddMinutes(15).ToUnixTimeMilliseconds(), buckets[1].GetProperty("startMs").GetInt64());
        Assert.Equal(30.0, buckets[1].GetProperty("avg").GetDouble());
    }

    [Fact]
    public async Task Csv_is_chosen_by_accept_or_format_and_quotes_as_rfc4180_says()
    {
        var device = await _api.CreateDeviceAsync(_owner, "Logger");
        // Sent as text, so the payload's escapes are exactly these (JsonContent would write \u0022).
        var body = "{\"data\":{\"note\":\"hello, \\\"world\\\"\\nbye\",\"temp\":1.5},\"ts\":" + Start.AddMinutes(1).ToUnixTimeMilliseconds() + "}";
        using (var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/devices/{device}/messages") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") })
        {
            _owner(request);
            using var client = _host.CreateClient();
            await IdentityApi.ExpectAsync(HttpStatusCode.Created, await client.SendAsync(request), "publish");
        }
        await PublishAsync(device, new { temp = 2.5 }, Start.AddMinutes(2));

        using var byAccept = await _api.SendAsync(HttpMethod.Get, $"/v1/devices/{device}/messages?limit=1", r =>
        {
            _owner(r);
            r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        });
        Assert.Equal(HttpStatusCode.OK, byAccept.StatusCode);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        var csv = await byAccept.Content.ReadAsStringAsync();
        var lines = csv.Split("\r\n");
        Assert.Equal("mid,ts,tsMs,receivedAt,senderKind,senderId,data", lines[0]);
        Assert.EndsWith(",\"{\"\"note\"\":\"\"hello, \\\"\"world\\\"\"\\nbye\"\",\"\"temp\"\":1.5}\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("2026-11-22T00:01:00.000Z", lines[1], StringComparison.Ordinal);
        Assert.True(byAccept.Headers.Contains("X-Next-Cursor"), "A CSV page that is not the last names the next cursor in a header.");

        using var latest = await _api.SendAsync(HttpMethod.Get, $"/v1/devices/{device}/series/latest?format=csv", _owner);
        var latestCsv = await latest.Content.ReadAsStringAsync();
        Assert.Equal("field,type,value,ts,tsMs,mid", latestCsv.Split("\r\n")[0]);
        Assert.Contains("\r\nnote,string,\"hello, \"\"world\"\"\nbye\",2026-11-22T00:01:00.000Z,", latestCsv, StringComparison.Ordinal);
        Assert.Contains("\r\ntemp,number,2.5,2026-11-22T00:02:00.000Z,", latestCsv, StringComparison.Ordinal);

        using var series = await _api.SendAsync(HttpMethod.Get,
            $"/v1/devices/{device}/series?from={Start.ToUnixTimeMilliseconds()}&to={Start.AddHours(1).ToUnixTimeMilliseconds()}&interval=1h&format=csv", _owner);
        Assert.Equal("start,startMs,field,count,min,max,avg\r\n"
            + $"2026-11-22T00:00:00.000Z,{Start.ToUnixTimeMilliseconds()},note,1,,,\r\n"
            + $"2026-11-22T00:00:00.000Z,{Start.ToUnixTimeMilliseconds()},temp,2,1.5,2.5,2\r\n", await series.Content.ReadAsStringAsync());

        using var json = await _api.SendAsync(HttpMethod.Get, $"/v1/devices/{device}/series/latest", r =>
        {
            _owner(r);
            r.Headers.Accept.ParseAdd("application/json, text/csv;q=0.5");
        });
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Device_types_give_their_fields_to_new_devices_and_only_their_owner_manages_them()
    {
        var type = await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/device-types", _owner, new
        {
            name = "Step counter",
            description = "ARTIK-style type",
            fields = new object[] { new { name = "stepCount", type = "number", required = true }, new { name = "mood", type = "string" } },
        });
        var typeId = type.GetProperty("id").GetString()!;
        Assert.Matches("^dt[0-9a-f]{32}$", typeId);

        var device = await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/devices", _owner, new { name = "Band", typeId });
        Assert.Equal(typeId, device.GetProperty("typeId").GetString());
        Assert.Equal(["stepCount", "mood"], device.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        var deviceId = device.GetProperty("id").GetString()!;
        // The type's fields are enforced on the device's messages.
        var refused = await _api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, $"/v1/devices/{deviceId}/messages", _owner, new { data = new { stepCount = "many" } });
        Assert.Contains("stepCount", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var other = Present.Bearer((await _api.CreateUserAndLoginAsync("other", "other-password-1234")).AccessToken);
        await _api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, $"/v1/device-types/{typeId}", other);
        await _api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "/v1/devices", other, new { name = "Not yours", typeId });
        await _api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Delete, $"/v1/device-types/{typeId}", other);

        await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Patch, $"/v1/device-types/{typeId}", _owner, new { visibility = "public" });
        await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/device-types/{typeId}", null);
        await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/devices", other, new { name = "Public type now", typeId });

        // Deleting the type leaves its devices with their typeId and fields; no new device may name it.
        await _api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/device-types/{typeId}", _owner);
        await _api.ExpectAsync(HttpStatusCode.NotFound, HttpMethod.Get, $"/v1/device-types/{typeId}", _owner);
        var kept = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{deviceId}", _owner);
        Assert.Equal(typeId, kept.GetProperty("typeId").GetString());
        Assert.Equal(2, kept.GetProperty("fields").GetArrayLength());
        var gone = await _api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "/v1/devices", _owner, new { name = "Too late", typeId });
        Assert.Contains("typeId", gone.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_offers_csv_for_the_data_reads()
    {
        var document = await _api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/openapi.json");
        var content = document.GetProperty("paths").GetProperty("/v1/devices/{deviceId}/series").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(content.TryGetProperty("application/json", out _));
        Assert.True(content.TryGetProperty("text/csv", out _));
    }

    private async Task PublishAsync(string device, object data, DateTimeOffset ts) =>
        await _api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{device}/messages", _owner, new { data, ts = ts.ToUnixTimeMilliseconds() });

    private static List<string> Mids(JsonElement page) =>
        [.. page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("mid").GetString()!)];
}
