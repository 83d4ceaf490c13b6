using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Seeds;

/// <summary>
/// Seed 003 §2.1.2: <c>GET /api/sensors/sensetecnic.mule1</c> with <c>--user {key_id}:{key_password}</c>
/// shows each field's latest <c>value</c> and <c>lastUpdate</c> (ISO 8601 with milliseconds and Z),
/// and the sensor's <c>lastUpdate</c>; a field with no data (the seed's <c>message</c>) has neither.
/// </summary>
public sealed class WoTKitSensorDataSeedTests
{
    [Fact]
    public async Task Sensor_fields_carry_the_latest_value_and_time()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false);
        using var api = new IdentityApi(host);
        var owner = Present.Bearer((await api.CreateUserAndLoginAsync("sensetecnic", "sensetecnic-password")).AccessToken);
        // One device model: the sensor is created on the native API with the handle WoTKit addresses it by.
        var created = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/devices", owner, new
        {
            name = "Big Yellow Taxi",
            handle = "mule1",
            visibility = "public",
            location = new { latitude = 51.060386316691, longitude = -114.087524414062 },
            fields = new object[]
            {
                new { name = "lat", type = "number", required = true, longName = "latitude" },
                new { name = "lng", type = "number", required = true, longName = "longitude" },
                new { name = "value", type = "number", required = true, longName = "Data" },
                new { name = "message", type = "string", required = false, longName = "Message" },
            },
        });
        var sensorId = created.GetProperty("id").GetString()!;
        var key = await api.CreateKeyAsync(owner, "gateway script");
        var t1 = new DateTimeOffset(2012, 12, 7, 1, 40, 0, TimeSpan.Zero);
        var t2 = new DateTimeOffset(2012, 12, 7, 1, 47, 18, 639, TimeSpan.Zero);
        await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{sensorId}/messages", owner,
            new { data = new { lat = 49.1, lng = -123.0, value = 57.0 }, ts = t1.ToUnixTimeMilliseconds() });
        await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/devices/{sensorId}/messages", owner,
            new { data = new { lat = 49.20532, lng = -123.1404, value = 58.0 }, ts = t2.ToUnixTimeMilliseconds() });

        var sensor = await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "/api/sensors/sensetecnic.mule1", Present.Basic(key.Id, key.Secret));

        var fields = sensor.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal(49.20532, fields[0].GetProperty("value").GetDouble());
        Assert.Equal(-123.1404, fields[1].GetProperty("value").GetDouble());
        Assert.Equal(58.0, fields[2].GetProperty("value").GetDouble());
        Assert.All(fields.Take(3), f => Assert.Equal("2012-12-07T01:47:18.639Z", f.GetProperty("lastUpdate").GetString()));
        Assert.False(fields[3].TryGetProperty("value", out _), "The seed's 'message' field has no data, so no value.");
        Assert.False(fields[3].TryGetProperty("lastUpdate", out _));
        Assert.Equal("2012-12-07T01:47:18.639Z", sensor.GetProperty("lastUpdate").GetString());
        Assert.Equal("PUBLIC", sensor.GetProperty("visibility").GetString());
    }
}
