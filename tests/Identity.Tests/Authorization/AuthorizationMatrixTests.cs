using System.Text.RegularExpressions;
using Gatehouse.Gateway.Http.Endpoints;

namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// Every endpoint × every principal kind gives the expected status, from the one table in
/// <see cref="AuthorizationMatrix"/>. An endpoint without a row fails <see cref="EveryEndpointHasExactlyOneRow"/>.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationWorld world) : IClassFixture<AuthorizationWorld>
{
    public static IEnumerable<object[]> Cells =>
        from row in AuthorizationMatrix.Rows
        from principal in Enum.GetValues<Principal>()
        select new object[] { row.Endpoint, principal };

    [Fact]
    public void EveryEndpointHasExactlyOneRow()
    {
        var endpoints = EndpointCatalog.All.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var rows = AuthorizationMatrix.Rows.Select(r => r.Endpoint).ToList();

        Assert.Empty(endpoints.Except(rows).Order(StringComparer.Ordinal));
        Assert.Empty(rows.Except(endpoints).Order(StringComparer.Ordinal));
        Assert.Empty(rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void EveryRowHasOneStatusPerPrincipal()
    {
        var columns = Enum.GetValues<Principal>().Length;
        Assert.All(AuthorizationMatrix.Rows, row => Assert.True(row.Expected.Length == columns,
            $"Row '{row.Endpoint}' has {row.Expected.Length} statuses; there are {columns} principal kinds."));
    }

    /// <summary>
    /// The revoked and expired columns are only meaningful if those credentials fail for that
    /// reason, not because the gateway does not know them.
    /// </summary>
    [Theory]
    [InlineData(Principal.RevokedToken, "revoked")]
    [InlineData(Principal.ExpiredToken, "expired")]
    public async Task SpecialPrincipals_FailForTheReasonTheyAreNamedFor(Principal principal, string reason)
    {
        var (status, body) = await world.SendAsync(new MatrixRequest(HttpMethod.Get, "/v1/me"), await world.CredentialAsync(principal));

        Assert.Equal(401, status);
        Assert.Contains(reason, body, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task EndpointGivesTheExpectedStatus(string endpointName, Principal principal)
    {
        var row = AuthorizationMatrix.Rows.Single(r => r.Endpoint == endpointName);
        var endpoint = EndpointCatalog.All.Single(e => e.Name == endpointName);
        var request = await row.Build(world);
        // A row must reach the endpoint it names, or its statuses would describe another one.
        Assert.Equal(endpoint.Method, request.Method.Method);
        Assert.Matches(PatternToRegex(endpoint.Pattern), request.Path.Split('?')[0]);

        var (status, body) = await world.SendAsync(request, await world.CredentialAsync(principal));

        var expected = row.ExpectedFor(principal);
        if (status != expected)
        {
            Assert.Fail($"{endpointName} as {principal}: expected {expected}, got {status}.\n"
                + $"{request.Method} {request.Path}\n"
                + $"Response body: {body}"
                + (row.Note is null ? "" : $"\n{row.Note}"));
        }
    }

    /// <summary><c>/v1/users/{userId}/disable</c> → <c>^/v1/users/[^/]+/disable$</c>.</summary>
    private static Regex PatternToRegex(string pattern) =>
        new("^" + Regex.Replace(Regex.Escape(pattern), @"\\\{[^}]+}", "[^/]+") + "$");
}
