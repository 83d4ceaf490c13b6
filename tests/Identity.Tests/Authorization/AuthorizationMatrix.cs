namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// The authorization matrix: one row per endpoint of <c>EndpointCatalog.All</c>, one expected
/// status per <see cref="Principal"/>. Each cell is what a correct system must answer, decided
/// from the pipeline's privacy levels, <c>RolePermissions</c> and the grains' checks; where the
/// code disagreed and the code was wrong, the row kept the right expectation (and a note) until
/// the code was fixed; five such rows were fixed this way (device owners revoking device
/// credentials, application keys reading operator roles, the OpenAPI document).
/// <para>
/// Why some columns look the same everywhere: a presented credential must be valid even on
/// public endpoints, so revoked and expired tokens get 401 on every row; the temporary token may
/// call only <c>me.get</c>, so it gets 403 everywhere else. Non-user callers of "my" endpoints
/// (<c>me.*</c>, <c>keys.create</c>, <c>keys.list</c>, logout) get 400: the request names no
/// user to act on.
/// </para>
/// </summary>
public static class AuthorizationMatrix
{
    // The CA the device-types.trust.set row trusts; before Rows, which read it.
    private static readonly Lazy<string> MatrixVendorCa = new(() => Gatehouse.Tests.Hosting.TestPki.Pem(Gatehouse.Tests.Hosting.TestPki.CertificateAuthority("Matrix vendor CA")));

    // Columns, in Principal order:
    //   Anon  SysAd User  AccAd Oper  OpKey App   Trust AppU  DevK  Dev   Reg   Temp  Revkd Expd
    public static IReadOnlyList<MatrixRow> Rows { get; } =
    [
        // ---- Authentication. Public: anyone, with a valid body, gets the same answer.
        new("auth.login", async w =>
            {
                var username = w.NewName("login");
                await w.CreateUserAsync(username);
                return new(HttpMethod.Post, "/v1/auth/login", new { username, password = AuthorizationWorld.Password });
            },
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  403,  401,  401]),
        // Two-factor enrolment does not exist yet, so no valid challenge can be made: every valid
        // caller gets the "wrong challenge" 401 from the handler.
        new("auth.second-factor", Fixed(HttpMethod.Post, _ => "/v1/auth/login/second-factor", _ => new { challengeToken = "nobody.nothing", code = "123456" }),
            [401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  401,  403,  401,  401]),
        new("auth.refresh", async w =>
            {
                var username = w.NewName("refresh");
                await w.CreateUserAsync(username);
                var login = await w.LoginResponseAsync(username);
                return new(HttpMethod.Post, "/v1/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() });
            },
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  403,  401,  401]),
        // Logout ends the presenting access token (login or device token); keys and RFCx tokens are not sessions.
        new("auth.logout", Fixed(HttpMethod.Post, _ => "/v1/auth/logout"),
            [401,  204,  204,  204,  204,  400,  400,  400,  400,  400,  204,  400,  403,  401,  401]),
        new("auth.logout-all", Fixed(HttpMethod.Post, _ => "/v1/auth/logout-all"),
            [401,  204,  204,  204,  204,  204,  400,  400,  204,  400,  400,  400,  403,  401,  401]),
        new("auth.password-reset", async w =>
            {
                var id = await w.CreateUserAsync(w.NewName("reset"));
                var reset = await w.SetupAsync(HttpMethod.Post, $"/v1/users/{id}/password-reset", null, w.AdminKey);
                return new(HttpMethod.Post, "/v1/auth/password-reset", new { resetToken = reset.GetProperty("resetToken").GetString(), newPassword = "a-new-password-for-tests" });
            },
            [204,  204,  204,  204,  204,  204,  204,  204,  204,  204,  204,  204,  403,  401,  401]),

        // ---- The caller's own profile.
        new("me.get", Fixed(HttpMethod.Get, _ => "/v1/me"),
            [401,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  401,  401]),
        new("me.update", Fixed(HttpMethod.Patch, _ => "/v1/me", _ => new { displayName = "Matrix" }),
            [401,  200,  200,  200,  200,  200,  400,  400,  200,  400,  400,  400,  403,  401,  401]),
        // The new password is the current one, so the world's logins keep working.
        new("me.password", Fixed(HttpMethod.Put, _ => "/v1/me/password", _ => new { currentPassword = AuthorizationWorld.Password, newPassword = AuthorizationWorld.Password }),
            [401,  204,  204,  204,  204,  204,  400,  400,  204,  400,  400,  400,  403,  401,  401]),

        // ---- Second factors. Only a user's login session may change them (403 for keys); nobody in
        // the world has a second factor on, so the proof-needing calls stop at 400.
        new("me.2fa.totp.begin", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/totp"),
            [401,  200,  200,  200,  200,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        new("me.2fa.totp.confirm", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/totp/confirm", _ => new { code = "000000" }),
            [401,  400,  400,  400,  400,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        new("me.2fa.sms.begin", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/sms"),
            [401,  400,  400,  400,  400,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        new("me.2fa.sms.confirm", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/sms/confirm", _ => new { code = "000000" }),
            [401,  400,  400,  400,  400,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        new("me.2fa.disable", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/totp/disable", _ => new { code = "000000" }),
            [401,  400,  400,  400,  400,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        new("me.2fa.recovery-codes", Fixed(HttpMethod.Post, _ => "/v1/me/2fa/recovery-codes", _ => new { code = "000000" }),
            [401,  400,  400,  400,  400,  403,  400,  400,  403,  400,  400,  400,  403,  401,  401]),

        // ---- Audit. System administrators see everything; an account administrator their account;
        // the operator's role has no audit:read.
        new("audit.query", Fixed(HttpMethod.Get, _ => "/v1/audit?limit=5"),
            [401,  200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- Users. users:create is the system administrator's alone.
        new("users.create", Fixed(HttpMethod.Post, _ => "/v1/users", w => new { username = w.NewName("created"), password = AuthorizationWorld.Password }),
            [401,  201,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Target: another member of the account. The operator's role holds users:read.
        new("users.get", Fixed(HttpMethod.Get, w => $"/v1/users/{w.MemberId}"),
            [401,  200,  403,  200,  200,  200,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("users.disable", async w => new(HttpMethod.Post, $"/v1/users/{await w.CreateAccountMemberAsync()}/disable"),
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("users.enable", Fixed(HttpMethod.Post, w => $"/v1/users/{w.MemberId}/enable"),
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("users.unlock", Fixed(HttpMethod.Post, w => $"/v1/users/{w.MemberId}/unlock"),
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("users.password-reset", Fixed(HttpMethod.Post, w => $"/v1/users/{w.MemberId}/password-reset"),
            [401,  200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- API keys and tokens.
        // The application-user default role holds no keys:* permission; devices hold none either.
        new("keys.create", Fixed(HttpMethod.Post, _ => "/v1/keys", _ => new { name = "matrix key" }),
            [401,  201,  201,  201,  201,  201,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        // Devices lack keys:read, so a device cannot list its keys here (see the report: the summary says it can).
        // Lists the calling user's keys; devices are not users (their keys: devices.keys.list).
        new("keys.list", Fixed(HttpMethod.Get, _ => "/v1/keys"),
            [401,  200,  200,  200,  200,  200,  400,  400,  403,  400,  400,  400,  403,  401,  401]),
        // Target: the operator key. Its owner, the account's administrator and system administrators read it.
        new("keys.get", Fixed(HttpMethod.Get, w => $"/v1/keys/{w.OperatorKeyId}"),
            [401,  200,  403,  200,  200,  200,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Target: a new key of the user's device.
        // The device's owner manages its keys: a leaked device key can be revoked by its owner.
        new("keys.revoke", async w =>
            {
                var key = await w.SetupAsync(HttpMethod.Post, $"/v1/devices/{w.DeviceId}/keys", new { name = "doomed key" }, w.UserKey);
                return new(HttpMethod.Delete, $"/v1/keys/{key.GetProperty("id").GetString()}");
            },
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Target: a new token of the user's device. The device itself (token or key) may revoke it.
        // The device's owner issues device tokens and may revoke them.
        new("tokens.revoke", async w => new(HttpMethod.Delete, $"/v1/tokens/{(await w.IssueDeviceTokenAsync()).TokenId}"),
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  204,  204,  403,  403,  401,  401]),

        // ---- Accounts. accounts.create is Admin privacy; the rest check the permission inside the account.
        new("accounts.create", async w => new(HttpMethod.Post, "/v1/accounts", new { name = "Another account", administratorId = await w.CreateUserAsync(w.NewName("newadmin")) }),
            [401,  201,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("accounts.get", Fixed(HttpMethod.Get, w => $"/v1/accounts/{w.AccountId}"),
            [401,  200,  403,  200,  200,  200,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // The trusted key's roles:read is for its application's user roles, not the account's operator roles.
        new("accounts.roles.list", Fixed(HttpMethod.Get, w => $"/v1/accounts/{w.AccountId}/roles"),
            [401,  200,  403,  200,  200,  200,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("accounts.roles.put", Fixed(HttpMethod.Put, w => $"/v1/accounts/{w.AccountId}/roles/{w.NewName("role")}", _ => new { permissions = new[] { "devices:read" } }),
            [401,  200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("accounts.roles.delete", async w =>
            {
                var role = w.NewName("role");
                await w.SetupAsync(HttpMethod.Put, $"/v1/accounts/{w.AccountId}/roles/{role}", new { permissions = new[] { "devices:read" } }, w.AdminKey);
                return new(HttpMethod.Delete, $"/v1/accounts/{w.AccountId}/roles/{role}");
            },
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("accounts.operators.put", async w => new(HttpMethod.Put, $"/v1/accounts/{w.AccountId}/operators/{await w.CreateUserAsync(w.NewName("recruit"))}", new { role = AuthorizationWorld.OperatorRole }),
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("accounts.operators.delete", async w => new(HttpMethod.Delete, $"/v1/accounts/{w.AccountId}/operators/{await w.CreateAccountMemberAsync()}"),
            [401,  204,  403,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- Applications (the principals' keys belong to this application).
        new("applications.create", Fixed(HttpMethod.Post, w => $"/v1/accounts/{w.AccountId}/applications", _ => new { name = "Another application" }),
            [401,  201,  403,  201,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("applications.get", Fixed(HttpMethod.Get, w => $"/v1/applications/{w.ApplicationId}"),
            [401,  200,  403,  200,  200,  200,  200,  200,  403,  403,  403,  403,  403,  401,  401]),
        new("applications.users.create", Fixed(HttpMethod.Post, w => $"/v1/applications/{w.ApplicationId}/users", w => new { username = w.NewName("appuser"), password = AuthorizationWorld.Password }),
            [401,  201,  403,  201,  403,  403,  201,  201,  403,  403,  403,  403,  403,  401,  401]),
        new("applications.roles.list", Fixed(HttpMethod.Get, w => $"/v1/applications/{w.ApplicationId}/roles"),
            [401,  200,  403,  200,  200,  200,  403,  200,  403,  403,  403,  403,  403,  401,  401]),
        new("applications.roles.put", Fixed(HttpMethod.Put, w => $"/v1/applications/{w.ApplicationId}/roles/{w.NewName("approle")}", _ => new { permissions = new[] { "profile:read" } }),
            [401,  200,  403,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Assigning the role the user already has changes nothing, so the shared application user stays as it was.
        new("applications.users.role", Fixed(HttpMethod.Put, w => $"/v1/applications/{w.ApplicationId}/users/{w.ApplicationUserId}/role", _ => new { role = "default" }),
            [401,  204,  403,  204,  403,  403,  403,  204,  403,  403,  403,  403,  403,  401,  401]),

        // ---- Devices. Target: the user's device, which is in no account.
        new("devices.create", Fixed(HttpMethod.Post, _ => "/v1/devices", _ => new { name = "Matrix device" }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("devices.get", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),
        // A device may not mint its own credentials.
        new("devices.tokens.create", Fixed(HttpMethod.Post, w => $"/v1/devices/{w.DeviceId}/tokens", _ => new { }),
            [401,  201,  201,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("devices.keys.create", Fixed(HttpMethod.Post, w => $"/v1/devices/{w.DeviceId}/keys", _ => new { name = "matrix device key" }),
            [401,  201,  201,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // The owner lists the device's keys (each key grain asks the device who manages it).
        new("devices.keys.list", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}/keys"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // The device model. The world's device belongs to the plain user and is private.
        new("devices.update", Fixed(HttpMethod.Patch, w => $"/v1/devices/{w.DeviceId}", _ => new { description = "changed by the matrix" }),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("devices.delete", async w =>
            {
                var device = await w.SetupAsync(HttpMethod.Post, "/v1/devices", new { name = "doomed device" }, w.UserKey);
                return new(HttpMethod.Delete, $"/v1/devices/{device.GetProperty("id").GetString()}");
            },
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Sharing and transfer are the owner's (and system administrators').
        new("devices.shares.put", Fixed(HttpMethod.Put, w => $"/v1/devices/{w.DeviceId}/shares/{w.MemberId}", _ => new { access = "read" }),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("devices.shares.delete", Fixed(HttpMethod.Delete, w => $"/v1/devices/{w.DeviceId}/shares/{w.MemberId}"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("devices.transfer", async w =>
            {
                var device = await w.SetupAsync(HttpMethod.Post, "/v1/devices", new { name = "given away" }, w.UserKey);
                return new(HttpMethod.Post, $"/v1/devices/{device.GetProperty("id").GetString()}/transfer", new { ownerId = w.MemberId });
            },
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- Device types. Users own them (devices:create); the target is a private type of the plain user.
        new("device-types.create", Fixed(HttpMethod.Post, _ => "/v1/device-types", _ => new { name = "Matrix type", fields = new[] { new { name = "temp", type = "number" } } }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("device-types.get", async w => new(HttpMethod.Get, $"/v1/device-types/{await w.CreateDeviceTypeAsync()}"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("device-types.update", async w => new(HttpMethod.Patch, $"/v1/device-types/{await w.CreateDeviceTypeAsync()}", new { description = "changed by the matrix" }),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("device-types.delete", async w => new(HttpMethod.Delete, $"/v1/device-types/{await w.CreateDeviceTypeAsync()}"),
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Making a type secure is changing it: its owner (devices:write) and administrators.
        new("device-types.trust.set", async w => new(HttpMethod.Put, $"/v1/device-types/{await w.CreateDeviceTypeAsync()}/trust",
                new { certificates = new[] { MatrixVendorCa.Value } }),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- ARTIK secure registration. The device's TLS client certificate is its only
        // credential, so a bearer or key changes nothing: without a certificate (the matrix runs on
        // plain http) starting is 403 for everyone, and an unknown rid is 404. What a certificate
        // may do is in tests/Devices.Tests/SecureRegistration, over real TLS handshakes.
        new("artik.registrations.start", async w => new(HttpMethod.Post, "/v1.1/cert/devices/registrations",
                new { deviceTypeId = await w.CreateDeviceTypeAsync(), vendorDeviceId = w.NewName("vdid") }),
            [403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("artik.registrations.status", Fixed(HttpMethod.Get, _ => "/v1.1/cert/devices/registrations/0123456789abcdef0123456789abcdef/status"),
            [404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  403,  401,  401]),
        new("artik.registrations.complete", Fixed(HttpMethod.Put, _ => "/v1.1/cert/devices/registrations/0123456789abcdef0123456789abcdef",
                _ => new { nonce = "35cc3b62c8a544788a696a652d63d8c5" }),
            [404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  404,  403,  401,  401]),
        // The pairing page authenticates the user in its form, like the consent page: no presented
        // credential counts. A form without the PIN is refused before anything is checked (no
        // attempt is counted against the test's address).
        new("secure.pair.page", Fixed(HttpMethod.Get, _ => "/pair"),
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        new("secure.pair.confirm", Fixed(HttpMethod.Post, _ => "/pair", form: w =>
                [new("username", w.UserUsername), new("password", AuthorizationWorld.Password)]),
            [400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400]),

        // ---- Device data. The world's device is private: its owner, the device itself (token or
        // key) and administrators publish and read; an anonymous read of a private device's data is 401.
        new("messages.publish", Fixed(HttpMethod.Post, w => $"/v1/devices/{w.DeviceId}/messages", _ => new { data = new { temp = 21.5 } }),
            [401,  201,  201,  403,  403,  403,  403,  403,  403,  201,  201,  403,  403,  401,  401]),
        new("messages.list", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}/messages?limit=5"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),
        new("series.latest", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}/series/latest"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),
        new("series.aggregate", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}/series?interval=1h"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),
        // ARTIK answers 200 (not 201) with {"data":{"mid":…}}; the same publishing rules.
        new("artik.messages.send", Fixed(HttpMethod.Post, _ => "/v1.1/message", w => new { sdid = w.DeviceId, data = new { stepCount = 100 } }),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),

        // ---- Seed surfaces for devices. EVRYTHNG Thngs follow the native device rules.
        new("thngs.create", Fixed(HttpMethod.Post, _ => "/thngs", _ => new { name = "Fridge", description = "The fridge in the main kitchen", location = new { latitude = 43.772828, longitude = 11.249488 }, properties = new { temperature_celsius = 5 }, tags = new[] { "demo" } }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("thngs.get", Fixed(HttpMethod.Get, w => $"/thngs/{w.DeviceId}"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  200,  200,  403,  403,  401,  401]),
        // WoTKit: an unauthenticated call to a private method or a private sensor is 403 (seed 2.1.1).
        new("wotkit.sensors.create", Fixed(HttpMethod.Post, _ => "/api/sensors", w => new { name = w.NewName("sensor"), longName = "Matrix sensor", fields = new[] { new { name = "value", type = "NUMBER" } } }),
            [403,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("wotkit.sensors.get", async w =>
            {
                var name = w.NewName("private");
                await w.SetupAsync(HttpMethod.Post, "/api/sensors", new { name, longName = "Private sensor" }, w.UserKey);
                return new(HttpMethod.Get, $"/api/sensors/{w.UserUsername}.{name}");
            },
            [403,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- RFCx registration and temporary tokens. Registration tokens are made by users only.
        new("registration-tokens.create", Fixed(HttpMethod.Post, _ => "/v1/registration-tokens", _ => new { type = "user", uses = 1 }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Target: a new registration token of the user.
        new("registration-tokens.revoke", async w =>
            {
                var token = await w.SetupAsync(HttpMethod.Post, "/v1/registration-tokens", new { type = "user" }, w.UserKey);
                return new(HttpMethod.Delete, $"/v1/registration-tokens/{token.GetProperty("id").GetString()}");
            },
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Only the registration token itself redeems (it has 10,000 uses; each redemption takes a new username).
        new("register", Fixed(HttpMethod.Post, _ => "/v1/register", w => new { username = w.NewName("registered"), password = AuthorizationWorld.Password }),
            [401,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  201,  403,  401,  401]),
        new("temporary-tokens.create", Fixed(HttpMethod.Post, _ => "/v1/temporary-tokens", _ => new { endpoints = new[] { "me.get" }, uses = 1, expiresInSeconds = 60 }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        // Target: a new temporary token of the user.
        new("temporary-tokens.revoke", async w =>
            {
                var token = await w.SetupAsync(HttpMethod.Post, "/v1/temporary-tokens", new { endpoints = new[] { "me.get" } }, w.UserKey);
                return new(HttpMethod.Delete, $"/v1/temporary-tokens/{token.GetProperty("id").GetString()}");
            },
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // ---- OAuth2 clients. Registered by users (clients:manage is in every user's set); read
        // and revoked by their owner (the plain user) or a system administrator.
        new("oauth.clients.create", Fixed(HttpMethod.Post, _ => "/v1/oauth/clients",
                _ => new { name = "Matrix client", redirectUris = new[] { AuthorizationWorld.OAuthRedirectUri }, scopes = new[] { "devices:read" } }),
            [401,  201,  201,  201,  201,  201,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("oauth.clients.get", Fixed(HttpMethod.Get, w => $"/v1/oauth/clients/{w.OAuthClientId}"),
            [401,  200,  200,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),
        new("oauth.clients.revoke", async w => new(HttpMethod.Delete, $"/v1/oauth/clients/{(await w.RegisterOAuthClientAsync()).ClientId}"),
            [401,  204,  204,  403,  403,  403,  403,  403,  403,  403,  403,  403,  403,  401,  401]),

        // The user's side of OAuth2: the clients their consent gave tokens, and withdrawing one
        // (the world's client holds none of theirs, so the withdrawal revokes nothing, but succeeds).
        new("me.oauth-clients.list", Fixed(HttpMethod.Get, _ => "/v1/me/oauth-clients"),
            [401,  200,  200,  200,  200,  200,  400,  400,  200,  400,  400,  400,  403,  401,  401]),
        new("me.oauth-clients.revoke", Fixed(HttpMethod.Delete, w => $"/v1/me/oauth-clients/{w.OAuthClientId}"),
            [401,  204,  204,  204,  204,  204,  400,  400,  204,  400,  400,  400,  403,  401,  401]),

        // ---- OAuth2 authorization and token endpoints (WoTKit). They authenticate in the handler
        // (EndpointAuthentication.Handler): the pipeline reads no credential, so revoked, expired
        // and temporary tokens change nothing. The consent page and its form ignore request
        // credentials (the user logs in on the page; a browser may send cached Basic); the token
        // endpoint authenticates clients only and refuses any user or key credential with 400
        // invalid_request, so only the anonymous column gets tokens.
        new("oauth.authorize", Fixed(HttpMethod.Get,
                w => $"/api/oauth/authorize?response_type=code&client_id={w.OAuthClientId}&redirect_uri={Uri.EscapeDataString(AuthorizationWorld.OAuthRedirectUri)}&scope=devices:read&state=matrix"),
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200]),
        new("oauth.authorize.consent", async w => new(HttpMethod.Post, "/api/oauth/authorize", Form:
            [
                new("form_token", await w.ConsentFormTokenAsync()), new("username", w.UserUsername), new("password", AuthorizationWorld.Password),
                new("scope", "devices:read"), new("decision", "allow"),
            ]),
            [302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302,  302]),
        new("oauth.token", Fixed(HttpMethod.Post, _ => "/api/oauth/token", form: w =>
            [
                new("grant_type", "password"), new("username", w.UserUsername), new("password", AuthorizationWorld.Password),
                new("client_id", w.OAuthClientId), new("client_secret", w.OAuthClientSecret), new("scope", "devices:read"),
            ]),
            [200,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400]),

        // ---- Live channels. ARTIK's device channel authenticates inside the socket (the register
        // frame carries the token), so it is Handler and Public: a plain GET is 400 in ARTIK's shape
        // for everyone, whatever credential the request carries. A device's feed is read-checked
        // first (the device grain's RequireReadData), then a request that is neither an event
        // stream nor a WebSocket upgrade is 406; temporary and registration tokens cannot hold a feed.
        new("artik.websocket", Fixed(HttpMethod.Get, _ => "/v1.1/websocket"),
            [400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400,  400]),
        new("devices.feed", Fixed(HttpMethod.Get, w => $"/v1/devices/{w.DeviceId}/feed"),
            [401,  406,  406,  403,  403,  403,  403,  403,  403,  406,  406,  403,  403,  401,  401]),

        // ---- What the API says about itself. Public.
        new("openapi", Fixed(HttpMethod.Get, _ => "/openapi.json"),
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  403,  401,  401]),
        new("permissions.list", Fixed(HttpMethod.Get, _ => "/v1/permissions"),
            [200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  200,  403,  401,  401]),
    ];

    /// <summary>A request that needs no setup: a path and an optional body computed from the world.</summary>
    private static Func<AuthorizationWorld, Task<MatrixRequest>> Fixed(
        HttpMethod method, Func<AuthorizationWorld, string> path, Func<AuthorizationWorld, object>? body = null,
        Func<AuthorizationWorld, IReadOnlyList<KeyValuePair<string, string>>>? form = null) =>
        world => Task.FromResult(new MatrixRequest(method, path(world), body?.Invoke(world), form?.Invoke(world)));
}
