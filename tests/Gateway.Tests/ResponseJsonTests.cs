using System.Text.Json;
using Gatehouse.Grains.Identity;
using Gatehouse.Grains.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Gatehouse.Gateway.Tests;

/// <summary>
/// Handlers answer through <c>Results.Ok</c> and <c>Results.Created</c>, which write with ASP.NET's
/// HTTP JSON options, not with <c>GatewayJson.Options</c>; the gateway must configure those, or
/// responses break the conventions docs/api.md and the OpenAPI document promise.
/// </summary>
public sealed class ResponseJsonTests
{
    [Fact]
    public async Task Responses_UseCamelCaseEnumStrings_AndOmitNulls()
    {
        await using var app = GatewayApplication.Build(["--Gatehouse:Storage:Provider=Memory"]);
        var options = app.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var user = new UserView("0123", "alice", null, null, null, PrincipalKind.ApplicationUser, "acct", AccountRole.Administrator,
            null, null, false, false, false, false, DateTimeOffset.UnixEpoch);

        var json = JsonSerializer.Serialize(user, options);

        Assert.Contains("\"kind\":\"applicationUser\"", json, StringComparison.Ordinal);
        Assert.Contains("\"accountRole\":\"administrator\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("displayName", json, StringComparison.Ordinal);
    }
}
