using System.Net;
using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.SecureRegistration;

/// <summary>
/// PUT /v1/device-types/{id}/trust: how an owner makes a type secure, what it refuses, what the
/// audit log records, and that withdrawing trust stops registrations already under way.
/// </summary>
public sealed class DeviceTypeTrustTests : IAsyncLifetime
{
    private SecureWorld _world = null!;

    public async Task InitializeAsync() => _world = await SecureWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_type_shows_its_trust_and_refuses_what_is_not_a_certificate()
    {
        var type = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/device-types/{_world.TypeId}", _world.Vendor);
        Assert.True(type.GetProperty("secure").GetBoolean());
        var trusted = Assert.Single(type.GetProperty("trust").EnumerateArray());
        Assert.Equal("CN=Vendor Root CA", trusted.GetProperty("subject").GetString());
        Assert.True(trusted.GetProperty("isAuthority").GetBoolean());
        Assert.Matches("^[0-9a-f]{64}$", trusted.GetProperty("thumbprint").GetString());

        var path = $"/v1/device-types/{_world.TypeId}/trust";
        var withKey = TestPki.Pem(_world.VendorCa) + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        var refusedKey = await _world.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, path, _world.Vendor, new { certificates = new[] { withKey } });
        Assert.Contains("private key", refusedKey.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _world.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, path, _world.Vendor, new { certificates = new[] { "not a certificate" } });
        await _world.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, path, _world.Vendor, new { certificates = new[] { "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----" } });
        await _world.Api.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Put, path, _world.Vendor, new { });
        // A refused change leaves the trust as it was.
        var after = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/device-types/{_world.TypeId}", _world.Vendor);
        Assert.Equal(trusted.GetProperty("thumbprint").GetString(), after.GetProperty("trust")[0].GetProperty("thumbprint").GetString());

        // Another user may not change it; the owner's change is audited.
        var other = Present.Bearer((await _world.Api.CreateUserAndLoginAsync("someone", SecureWorld.Password)).AccessToken);
        await _world.Api.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Put, path, other, new { certificates = new[] { TestPki.Pem(TestPki.CertificateAuthority("Squatter CA")) } });
        var audit = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/audit?action=deviceType.trust.&subjectId={_world.TypeId}", Present.Bearer(await _world.Host.LoginAdminAsync()));
        var changed = Assert.Single(audit.GetProperty("events").EnumerateArray());
        Assert.Equal(trusted.GetProperty("thumbprint").GetString(), changed.GetProperty("details").GetProperty("thumbprints").GetString());
    }

    [Fact]
    public async Task Withdrawn_trust_stops_a_confirmed_registration_and_makes_the_type_ordinary()
    {
        var device = _world.NewDevice();
        var started = await _world.StartOkAsync(device, "vdid-withdrawn");
        Assert.Equal(HttpStatusCode.OK, (await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device))).Status);
        var ordinary = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/device-types/{_world.TypeId}/trust", _world.Vendor, new { certificates = Array.Empty<string>() });
        Assert.False(ordinary.GetProperty("secure").GetBoolean());
        using var complete = await _world.CompleteAsync(device, started.Rid, started.Nonce);
        await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, complete, "completing after the type stopped trusting the CA");
        using var again = await _world.StartAsync(device, "vdid-withdrawn-2");
        await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, again, "starting on a type that is no longer secure");
    }
}
