using System.Net;
using System.Net.Http.Json;
using Gatehouse.Identity.Tests.Flows;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Identity.Tests.RateLimits;

/// <summary>Per-device and per-key budgets with ARTIK's a/b headers, a 429 with Retry-After, windows on the injected clock.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task ADevice_GetsItsBudgetPerMinuteAndDay_WithArtikHeaders_Then429UntilTheWindowResets()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, settings: new Dictionary<string, string?>
        {
            ["Gatehouse:RateLimits:PerMinute"] = "3",
            ["Gatehouse:RateLimits:PerDay"] = "5",
        });
        // 12:00:00 UTC on the test clock: the minute resets at 12:01:00, the day at midnight.
        var (_, token) = await SecondFactorFlowTests.CreateUserAsync(host, "owner");
        using var owner = host.CreateClient(token);
        var device = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/v1/devices", new { name = "meter" }), HttpStatusCode.Created);
        var deviceToken = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync($"/v1/devices/{device.GetProperty("id").GetString()}/tokens", new { }), HttpStatusCode.Created);
        using var meter = host.CreateClient(deviceToken.GetProperty("token").GetString()!);
        var now = host.Time.GetUtcNow().ToUnixTimeSeconds();
        var minuteReset = now - (now % 60) + 60;
        var dayReset = now - (now % 86400) + 86400;

        for (var i = 1; i <= 3; i++)
        {
            var ok = await meter.GetAsync("/v1/me");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("3/5", Header(ok, "X-Rate-Limit-Limit"));
            Assert.Equal($"{3 - i}/{5 - i}", Header(ok, "X-Rate-Limit-Remaining"));
            Assert.Equal($"{minuteReset}/{dayReset}", Header(ok, "X-Rate-Limit-Reset"));
        }
        var limited = await meter.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0/2", Header(limited, "X-Rate-Limit-Remaining"));
        Assert.Equal(TimeSpan.FromSeconds(minuteReset - now), limited.Headers.RetryAfter?.Delta);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await meter.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await meter.GetAsync("/v1/me")).StatusCode);
        var dayLimited = await meter.GetAsync("/v1/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, dayLimited.StatusCode);
        Assert.Equal("1/0", Header(dayLimited, "X-Rate-Limit-Remaining"));

        // The owner's own budget is separate from the device's.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/v1/me")).StatusCode);
    }

    [Fact]
    public async Task EachApiKey_HasItsOwnBudget()
    {
        await using var host = await GatewayHost.StartAsync(sqlite: false, settings: new Dictionary<string, string?>
        {
            ["Gatehouse:RateLimits:PerMinute"] = "2",
        });
        var (_, token) = await SecondFactorFlowTests.CreateUserAsync(host, "owner");
        using var owner = host.CreateClient(token);
        var first = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/v1/keys", new { name = "first" }), HttpStatusCode.Created);
        var second = await SecondFactorFlowTests.ReadAsync(await owner.PostAsJsonAsync("/v1/keys", new { name = "second" }), HttpStatusCode.Created);
        using var one = host.CreateClient(first.GetProperty("key").GetString()!);
        using var two = host.CreateClient(second.GetProperty("key").GetString()!);

        await one.GetAsync("/v1/me");
        await one.GetAsync("/v1/me");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await one.GetAsync("/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/v1/me")).StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"No {name} header.");
}
