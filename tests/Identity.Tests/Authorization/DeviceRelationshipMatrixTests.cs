using System.Text.RegularExpressions;
using Gatehouse.Gateway.Http.Endpoints;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// Every device endpoint × every <see cref="DeviceRelation"/> gives the expected status, from the
/// one table in <see cref="DeviceRelationshipMatrix"/>; a device endpoint without a row fails.
/// </summary>
public sealed class DeviceRelationshipMatrixTests(DeviceRelationshipWorld world) : IClassFixture<DeviceRelationshipWorld>
{
    public static IEnumerable<object[]> Cells =>
        from row in DeviceRelationshipMatrix.Rows
        from relation in Enum.GetValues<DeviceRelation>()
        select new object[] { row.Endpoint, relation };

    [Fact]
    public void EveryDeviceEndpointHasExactlyOneRow()
    {
        var endpoints = EndpointCatalog.All.Where(DeviceRelationshipMatrix.IsDeviceEndpoint).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var rows = DeviceRelationshipMatrix.Rows.Select(r => r.Endpoint).ToList();

        Assert.Empty(endpoints.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(endpoints).Order(StringComparer.Ordinal));
        Assert.Empty(rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(DeviceRelationshipMatrix.Rows, row => Assert.True(row.Expected.Length == Enum.GetValues<DeviceRelation>().Length,
            $"Row '{row.Endpoint}' has {row.Expected.Length} statuses; there are {Enum.GetValues<DeviceRelation>().Length} relations."));
    }

    [Theory]
    [InlineData(DeviceRelation.RevokedDeviceToken, "revoked")]
    [InlineData(DeviceRelation.ExpiredDeviceToken, "expired")]
    public async Task Dead_device_tokens_fail_for_the_reason_they_are_named_for(DeviceRelation relation, string reason)
    {
        var (status, body) = await world.SendAsync(new MatrixRequest(HttpMethod.Get, "/v1/me"), await world.CredentialAsync(relation, world.PrivateDevice));

        Assert.Equal(401, status);
        Assert.Contains(reason, body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task DeviceEndpointGivesTheExpectedStatus(string endpointName, DeviceRelation relation)
    {
        var row = DeviceRelationshipMatrix.Rows.Single(r => r.Endpoint == endpointName);
        var endpoint = EndpointCatalog.All.Single(e => e.Name == endpointName);
        var target = await world.TargetAsync(row, relation);
        var request = row.Build(world, target);
        Assert.Equal(endpoint.Method, request.Method.Method);
        Assert.Matches(new Regex("^" + Regex.Replace(Regex.Escape(endpoint.Pattern), @"\\\{[^}]+}", "[^/]+") + "$"), request.Path.Split('?')[0]);

        var (status, body) = await world.SendAsync(request, await world.CredentialAsync(relation, target));

        var expected = row.ExpectedFor(relation);
        Assert.True(status == expected, $"{endpointName} as {relation}: expected {expected}, got {status}.\n{request.Method} {request.Path}\nResponse body: {body}");
    }
}
