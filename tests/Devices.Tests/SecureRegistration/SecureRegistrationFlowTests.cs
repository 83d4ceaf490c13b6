using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Gatehouse.Devices.Tests.SecureRegistration;

/// <summary>
/// Seed 002's secure registration end to end over real TLS handshakes with client certificates:
/// a vendor CA signs device certificates, the device type trusts the CA, the device starts,
/// the user pairs on the page, the device completes and then posts messages only with its
/// certificate on the secure endpoint.
/// </summary>
public sealed class SecureRegistrationFlowTests : IAsyncLifetime
{
    private SecureWorld _world = null!;

    public async Task InitializeAsync() => _world = await SecureWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Start_confirm_complete_then_the_device_posts_with_token_and_certificate()
    {
        var device = _world.NewDevice();
        using var start = await _world.StartAsync(device, "a1b2c3d4");
        var started = (await SecureWorld.ExpectAsync(HttpStatusCode.OK, start, "start")).GetProperty("data");
        Assert.Equal(["rid", "pin", "nonce", "expiresOn"], started.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9a-f]{32}$", started.GetProperty("rid").GetString());
        Assert.Matches("^[A-Z0-9]{8}$", started.GetProperty("pin").GetString());
        Assert.Matches("^[0-9a-f]{32}$", started.GetProperty("nonce").GetString());
        Assert.Equal(_world.Host.Time.GetUtcNow().AddMinutes(10).ToUnixTimeMilliseconds(), started.GetProperty("expiresOn").GetInt64());
        Assert.Equal("application/json; charset=utf-8", start.Content.Headers.ContentType!.ToString());
        Assert.Equal("*", Header(start, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin, X-Requested-With, Content-Type, Accept, Referer, User-Agent, Authorization", Header(start, "Access-Control-Allow-Headers"));
        Assert.Equal("POST, GET, PUT, DELETE, OPTIONS", Header(start, "Access-Control-Allow-Methods"));
        Assert.Equal("*", Header(start, "Allow"));
        var rid = started.GetProperty("rid").GetString()!;
        var nonce = started.GetProperty("nonce").GetString()!;

        var pending = await _world.StatusOkAsync(device, rid);
        Assert.Equal("""{"status":"PENDING_USER_CONFIRMATION"}""", pending.GetRawText());
        using (var early = await _world.CompleteAsync(device, rid, nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, early, "completing before the user confirmed");
        }

        var (status, html) = await _world.PairAsync(started.GetProperty("pin").GetString()!, SecureWorld.SerialLast4(device));
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Contains("id=\"done\"", html, StringComparison.Ordinal);
        Assert.Equal("""{"status":"PENDING_DEVICE_COMPLETION"}""", (await _world.StatusOkAsync(device, rid)).GetRawText());

        using var complete = await _world.CompleteAsync(device, rid, nonce);
        var completed = (await SecureWorld.ExpectAsync(HttpStatusCode.OK, complete, "complete")).GetProperty("data");
        Assert.Equal(["accessToken", "uid", "did"], completed.EnumerateObject().Select(p => p.Name));
        Assert.Equal(_world.BuyerId, completed.GetProperty("uid").GetString());
        var did = completed.GetProperty("did").GetString()!;
        var token = completed.GetProperty("accessToken").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", did);
        Assert.Equal("*", Header(complete, "Allow"));

        var registered = await _world.StatusOkAsync(device, rid);
        Assert.Equal("REGISTERED", registered.GetProperty("status").GetString());
        Assert.Equal(did, registered.GetProperty("did").GetString());

        // The device is the confirming user's, of the secure type, with the vendor's id.
        var buyer = Gatehouse.Tests.Hosting.Present.Bearer(await _world.Host.LoginAsync(SecureWorld.UserName, SecureWorld.Password));
        var view = await _world.Api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/devices/{did}", buyer);
        Assert.Equal(_world.BuyerId, view.GetProperty("ownerId").GetString());
        Assert.Equal(_world.TypeId, view.GetProperty("typeId").GetString());
        Assert.Equal("a1b2c3d4", view.GetProperty("vendorDeviceId").GetString());

        // Token and certificate on the secure endpoint: the seed's message answer.
        var body = """{"sdid":"SDID","data":{"stepCount":100,"timeInBed":200,"asleepTime":10,"calories":150}}""".Replace("SDID", did);
        using (var sent = await _world.Secure(device, token).PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            var mid = (await SecureWorld.ExpectAsync(HttpStatusCode.OK, sent, "secure message")).GetProperty("data").GetProperty("mid").GetString();
            Assert.Matches("^[0-9a-f]{32}$", mid);
        }
        // The same token anywhere else is refused with 403: plain http, the secure endpoint without
        // a certificate, and with another certificate the vendor's CA signed.
        using (var plain = _world.Host.CreateClient(token))
        using (var sent = await plain.PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, sent, "secure device over plain http");
        }
        using (var sent = await _world.Secure(null, token).PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, sent, "secure device without its certificate");
        }
        using (var sent = await _world.Secure(_world.NewDevice("other band"), token).PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, sent, "secure device with another certificate");
        }
        // Any other endpoint too: the binding is the device's, not the message endpoint's.
        using (var plain = _world.Host.CreateClient(token))
        using (var me = await plain.GetAsync("/v1/me"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, me, "secure device's token on /v1/me over http");
        }
        // A token its owner issues later is bound the same way.
        var second = await _world.Api.IssueDeviceTokenAsync(buyer, did);
        using (var plain = _world.Host.CreateClient(second.Secret))
        using (var sent = await plain.PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, sent, "an owner-issued token of the secure device over http");
        }
        using (var sent = await _world.Secure(device, second.Secret).PostAsync("/v1.1/message", new StringContent(body, Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.OK, sent, "an owner-issued token with the certificate");
        }
        // Ordinary devices still work over plain http with a bearer token.
        var ordinary = await _world.Api.CreateDeviceAsync(buyer, "Ordinary band");
        var ordinaryToken = await _world.Api.IssueDeviceTokenAsync(buyer, ordinary);
        using (var plain = _world.Host.CreateClient(ordinaryToken.Secret))
        using (var sent = await plain.PostAsync("/v1.1/message", new StringContent(body.Replace(did, ordinary), Encoding.UTF8, "application/json")))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.OK, sent, "an ordinary device over http");
        }
    }

    [Fact]
    public async Task A_second_device_with_the_same_vendor_id_gets_409_and_a_repeated_complete_409()
    {
        var device = _world.NewDevice();
        var started = await _world.StartOkAsync(device, "vdid-409");
        Assert.Equal(HttpStatusCode.OK, (await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device))).Status);
        using (var complete = await _world.CompleteAsync(device, started.Rid, started.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.OK, complete, "complete");
        }
        using (var again = await _world.CompleteAsync(device, started.Rid, started.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Conflict, again, "completing twice");
        }
        using (var other = await _world.StartAsync(_world.NewDevice("impostor"), "vdid-409"))
        {
            var error = await SecureWorld.ExpectAsync(HttpStatusCode.Conflict, other, "another device with the vdid");
            Assert.Equal(409, error.GetProperty("error").GetProperty("code").GetInt32());
        }
        using (var same = await _world.StartAsync(device, "vdid-409"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Conflict, same, "the registered device again");
        }
        // The same vdid under another secure type is another device.
        var otherType = await _world.CreateSecureTypeAsync(_world.VendorCa);
        using (var elsewhere = await _world.StartAsync(_world.NewDevice("elsewhere"), "vdid-409", otherType))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.OK, elsewhere, "the vdid under another type");
        }
    }

    [Fact]
    public async Task A_new_request_for_the_same_device_revokes_the_pending_one()
    {
        var device = _world.NewDevice();
        var first = await _world.StartOkAsync(device, "vdid-revoke");
        var second = await _world.StartOkAsync(device, "vdid-revoke");
        Assert.Equal("REVOKED", (await _world.StatusOkAsync(device, first.Rid)).GetProperty("status").GetString());
        Assert.Equal("PENDING_USER_CONFIRMATION", (await _world.StatusOkAsync(device, second.Rid)).GetProperty("status").GetString());

        var (status, html) = await _world.PairAsync(first.Pin, SecureWorld.SerialLast4(device));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("no longer waiting", html, StringComparison.Ordinal);
        using (var revoked = await _world.CompleteAsync(device, first.Rid, first.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, revoked, "completing a revoked request");
        }
        Assert.Equal(HttpStatusCode.OK, (await _world.PairAsync(second.Pin, SecureWorld.SerialLast4(device))).Status);
        using var complete = await _world.CompleteAsync(device, second.Rid, second.Nonce);
        await SecureWorld.ExpectAsync(HttpStatusCode.OK, complete, "completing the newer request");
    }

    [Fact]
    public async Task A_request_expires_on_the_clock()
    {
        var device = _world.NewDevice();
        var started = await _world.StartOkAsync(device, "vdid-expire");
        _world.Host.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal("PENDING_USER_CONFIRMATION", (await _world.StatusOkAsync(device, started.Rid)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device))).Status);
        _world.Host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("EXPIRED", (await _world.StatusOkAsync(device, started.Rid)).GetProperty("status").GetString());
        using (var late = await _world.CompleteAsync(device, started.Rid, started.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, late, "completing an expired request");
        }
        var unconfirmed = await _world.StartOkAsync(device, "vdid-expire");
        _world.Host.Time.Advance(TimeSpan.FromMinutes(10));
        var (status, html) = await _world.PairAsync(unconfirmed.Pin, SecureWorld.SerialLast4(device));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("wrong", html, StringComparison.Ordinal);
        Assert.Equal("EXPIRED", (await _world.StatusOkAsync(device, unconfirmed.Rid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Status_and_complete_need_the_request_s_own_certificate_and_nonce()
    {
        var device = _world.NewDevice();
        var started = await _world.StartOkAsync(device, "vdid-403");
        var sibling = _world.NewDevice("sibling");
        using (var response = await _world.StatusAsync(sibling, started.Rid))
        {
            var error = await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "status with another certificate");
            Assert.Equal(403, error.GetProperty("error").GetProperty("code").GetInt32());
        }
        using (var response = await _world.StatusAsync(null, started.Rid))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "status without a certificate");
        }
        using (var plain = _world.Host.CreateClient())
        using (var response = await plain.GetAsync($"/v1.1/cert/devices/registrations/{started.Rid}/status"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "status over plain http");
        }
        using (var response = await _world.StatusAsync(device, "0123456789abcdef0123456789abcdef"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.NotFound, response, "an unknown rid");
        }
        using (var response = await _world.StatusAsync(device, "not-a-rid"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.NotFound, response, "a malformed rid");
        }
        Assert.Equal(HttpStatusCode.OK, (await _world.PairAsync(started.Pin, SecureWorld.SerialLast4(device))).Status);
        using (var response = await _world.CompleteAsync(sibling, started.Rid, started.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "complete with another certificate");
        }
        using (var response = await _world.CompleteAsync(device, started.Rid, "00000000000000000000000000000000"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "complete with a wrong nonce");
        }
        using (var response = await _world.CompleteAsync(device, "0123456789abcdef0123456789abcdef", started.Nonce))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.NotFound, response, "complete of an unknown rid");
        }
        Assert.Equal("PENDING_DEVICE_COMPLETION", (await _world.StatusOkAsync(device, started.Rid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_a_certificate_the_type_trusts_starts_a_registration()
    {
        var stranger = TestPkiDevice(Gatehouse.Tests.Hosting.TestPki.CertificateAuthority("Other vendor CA"));
        using (var response = await _world.StartAsync(stranger, "vdid-stranger"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "a certificate of another CA");
        }
        using (var response = await _world.StartAsync(Gatehouse.Tests.Hosting.TestPki.DeviceCertificate(null, "self-signed"), "vdid-self"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "a self-signed certificate the type does not pin");
        }
        using (var response = await _world.StartAsync(null, "vdid-none"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "no certificate");
        }
        using (var plain = _world.Host.CreateClient())
        using (var response = await plain.PostAsJsonAsync("/v1.1/cert/devices/registrations", new { deviceTypeId = _world.TypeId, vendorDeviceId = "vdid-http" }))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "plain http");
        }
        var expired = Gatehouse.Tests.Hosting.TestPki.DeviceCertificate(_world.VendorCa, "expired", notBefore: _world.Host.Time.GetUtcNow().AddYears(-2), lifetime: TimeSpan.FromDays(30));
        using (var response = await _world.StartAsync(expired, "vdid-expired-cert"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "an expired certificate");
        }
        using (var response = await _world.StartAsync(_world.NewDevice(), "vdid-unknown-type", "dt" + new string('0', 32)))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.NotFound, response, "an unknown device type");
        }
        using (var response = await _world.StartAsync(_world.NewDevice(), "vdid-bad-type", "not-a-type"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, response, "a malformed device type id");
        }
        using (var response = await _world.StartAsync(_world.NewDevice(), "vdid", _world.TypeId + "/more"))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, response, "a device type id with a slash");
        }
        using (var response = await _world.Secure(_world.NewDevice()).PostAsJsonAsync("/v1.1/cert/devices/registrations", new { deviceTypeId = _world.TypeId }))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.BadRequest, response, "no vendorDeviceId");
        }
        var ordinary = await _world.Api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/device-types", _world.Vendor, new { name = "Plain band", visibility = "public" });
        using (var response = await _world.StartAsync(_world.NewDevice(), "vdid-plain", ordinary.GetProperty("id").GetString()))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.Forbidden, response, "a type that is not secure");
        }
        // A type may pin a device certificate itself instead of a CA.
        var pinned = Gatehouse.Tests.Hosting.TestPki.DeviceCertificate(null, "pinned");
        var pinningType = await _world.CreateSecureTypeAsync(pinned);
        using (var response = await _world.StartAsync(pinned, "vdid-pinned", pinningType))
        {
            await SecureWorld.ExpectAsync(HttpStatusCode.OK, response, "a pinned certificate");
        }
    }

    [Fact]
    public async Task Wrong_pin_or_serial_digits_count_and_the_request_stops_taking_them()
    {
        var device = _world.NewDevice(serial: [0x12, 0x34, 0xAB, 0xCD]);
        Assert.Equal("ABCD", SecureWorld.SerialLast4(device));
        var started = await _world.StartOkAsync(device, "vdid-attempts");
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var (status, html) = await _world.PairAsync(started.Pin, "0000");
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains($"{5 - attempt} attempt(s) left", html, StringComparison.Ordinal);
        }
        var (_, fifth) = await _world.PairAsync(started.Pin, "abcE");
        Assert.Contains("Too many wrong attempts", fifth, StringComparison.Ordinal);
        var (afterwards, page) = await _world.PairAsync(started.Pin, "abcd");
        Assert.Equal(HttpStatusCode.BadRequest, afterwards);
        Assert.Contains("Too many wrong attempts", page, StringComparison.Ordinal);
        Assert.Equal("PENDING_USER_CONFIRMATION", (await _world.StatusOkAsync(device, started.Rid)).GetProperty("status").GetString());

        // A fresh request takes the right answer, in lowercase too.
        var again = await _world.StartOkAsync(device, "vdid-attempts");
        var (ok, done) = await _world.PairAsync(again.Pin.ToLowerInvariant(), "abcd");
        Assert.True(ok == HttpStatusCode.OK, done);
        var (wrongPassword, _) = await _world.PairAsync(again.Pin, "abcd", password: "not-the-password");
        Assert.Equal(HttpStatusCode.BadRequest, wrongPassword);
    }

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 TestPkiDevice(System.Security.Cryptography.X509Certificates.X509Certificate2 ca) =>
        Gatehouse.Tests.Hosting.TestPki.DeviceCertificate(ca, "stranger");

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(", ", content) : "(missing)";
}
