using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gatehouse.Identity.Tests.Flows;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.Seeds;

/// <summary>The seeds' device requests, exactly as documented, against the real gateway.</summary>
public sealed class DeviceSeedRequestTests
{
    [Fact]
    public async Task Evrythng_PostThngs_WithTheOperatorKeyInTheQuery_CreatesTheThng()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await SecondFactorFlowTests.CreateUserAsync(host, "operator");
        using var user = host.CreateClient(token);
        var key = await SecondFactorFlowTests.ReadAsync(await user.PostAsJsonAsync("/v1/keys", new { name = "OPERATOR_API_KEY" }), HttpStatusCode.Created);
        using var client = host.CreateClient();

        // The seed's jQuery call: POST, contentType application/json, body JSON.stringify(data).
        const string body = """{"name":"Fridge","description":"The fridge in the main kitchen","location":{"latitude":43.772828,"longitude":11.249488},"properties":{"temperature_celsius":5},"tags":["demo"]}""";
        var response = await client.PostAsync($"/thngs?access_token={key.GetProperty("key").GetString()}", new StringContent(body, Encoding.UTF8, "application/json"));

        var thng = await SecondFactorFlowTests.ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal("Fridge", thng.GetProperty("name").GetString());
        Assert.Equal("The fridge in the main kitchen", thng.GetProperty("description").GetString());
        Assert.Equal(43.772828, thng.GetProperty("location").GetProperty("latitude").GetDouble());
        Assert.Equal(11.249488, thng.GetProperty("location").GetProperty("longitude").GetDouble());
        Assert.Equal(5, thng.GetProperty("properties").GetProperty("temperature_celsius").GetInt32());
        Assert.Equal(["demo"], thng.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Matches("^[0-9a-f]{32}$", thng.GetProperty("id").GetString());
        Assert.Equal($"/thngs/{thng.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task WoTKit_GetSensor_HasTheSeedsShape_PublicAnonymously_PrivateOnlyWithCredentials()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, token) = await SecondFactorFlowTests.CreateUserAsync(host, "sensetecnic");
        using var owner = host.CreateClient(token);
        await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/api/sensors", new
        {
            name = "mule1",
            longName = "Big Yellow Taxi",
            description = "A big yellow taxi that travels from Vincent's house to UBC and then back.",
            latitude = 51.060386316691,
            longitude = -114.087524414062,
            visibility = "PUBLIC",
            fields = new object[]
            {
                new { name = "lat", type = "NUMBER", required = true, longName = "latitude" },
                new { name = "lng", type = "NUMBER", required = true, longName = "longitude" },
                new { name = "value", type = "NUMBER", required = true, longName = "Data" },
                new { name = "message", type = "STRING", required = false, longName = "Message" },
            },
        }), HttpStatusCode.Created);
        await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/api/sensors", new { name = "secret1", longName = "Private sensor" }), HttpStatusCode.Created);
        var key = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/v1/keys", new { name = "gateway script" }), HttpStatusCode.Created);
        using var anonymous = host.CreateClient();

        var sensor = await SecondFactorFlowTests.ReadAsync(await anonymous.GetAsync("/api/sensors/sensetecnic.mule1"), HttpStatusCode.OK);

        Assert.Equal("mule1", sensor.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Number, sensor.GetProperty("id").ValueKind);
        Assert.Equal("PUBLIC", sensor.GetProperty("visibility").GetString());
        Assert.Equal("sensetecnic", sensor.GetProperty("owner").GetString());
        Assert.Equal("Big Yellow Taxi", sensor.GetProperty("longName").GetString());
        Assert.StartsWith("A big yellow taxi", sensor.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(51.060386316691, sensor.GetProperty("latitude").GetDouble());
        Assert.Equal(-114.087524414062, sensor.GetProperty("longitude").GetDouble());
        var fields = sensor.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(["lat", "lng", "value", "message"], fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal([0, 1, 2, 3], fields.Select(f => f.GetProperty("index").GetInt32()));
        Assert.Equal(["NUMBER", "NUMBER", "NUMBER", "STRING"], fields.Select(f => f.GetProperty("type").GetString()));
        Assert.Equal([true, true, true, false], fields.Select(f => f.GetProperty("required").GetBoolean()));
        Assert.Equal("Message", fields[3].GetProperty("longName").GetString());
        Assert.False(fields[3].TryGetProperty("value", out _), "A field with no data has no value (the seed's 'message' field).");

        // Private: 403 without credentials (WoTKit), 200 with `curl --user {key_id}:{key_password}`.
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync("/api/sensors/sensetecnic.secret1")).StatusCode);
        using var withKey = host.CreateClient();
        withKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key.GetProperty("id").GetString()}:{key.GetProperty("secret").GetString()}")));
        var secret = await SecondFactorFlowTests.ReadAsync(await withKey.GetAsync("/api/sensors/sensetecnic.secret1"), HttpStatusCode.OK);
        Assert.Equal("PRIVATE", secret.GetProperty("visibility").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/sensors/sensetecnic.nothing")).StatusCode);
    }

    [Fact]
    public async Task Devices_AreShared_Transferred_AndDeleted_ByTheirOwner()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        var (_, ownerToken) = await SecondFactorFlowTests.CreateUserAsync(host, "owner");
        var (friendId, friendToken) = await SecondFactorFlowTests.CreateUserAsync(host, "friend");
        using var owner = host.CreateClient(ownerToken);
        using var friend = host.CreateClient(friendToken);
        var device = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/v1/devices", new { name = "Thermostat", properties = new { setpoint = 21 } }), HttpStatusCode.Created);
        var id = device.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Forbidden, (await friend.GetAsync($"/v1/devices/{id}")).StatusCode);
        await SecondFactorFlowTests.ReadAsync(await owner.PutAsJsonAsync($"/v1/devices/{id}/shares/{friendId}", new { access = "read" }), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, (await friend.GetAsync($"/v1/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await friend.PatchAsJsonAsync($"/v1/devices/{id}", new { description = "mine now" })).StatusCode);

        var given = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync($"/v1/devices/{id}/transfer", new { ownerId = friendId }), HttpStatusCode.OK);
        Assert.Equal(friendId, given.GetProperty("ownerId").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync($"/v1/devices/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await friend.DeleteAsync($"/v1/devices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await friend.GetAsync($"/v1/devices/{id}")).StatusCode);
    }
}
