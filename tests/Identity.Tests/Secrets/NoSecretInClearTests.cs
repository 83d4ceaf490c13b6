using System.Net;
using System.Text;
using Gatehouse.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace Gatehouse.Identity.Tests.Secrets;

/// <summary>
/// After a scripted session that issues and uses every kind of secret over HTTP, no secret is
/// found in clear in the gateway's data directory (the SQLite file, its WAL and shared-memory
/// files, anything else written there) or in its captured logs. Controls show the scan finds
/// what is stored in clear (a username in the database, a username in the logs), so a scan that
/// silently reads nothing fails instead of passing.
/// </summary>
public sealed class NoSecretInClearTests
{
    private const string ControlUsername = "alice-in-clear";

    [Fact]
    public async Task AfterASessionIssuingEverySecret_NoneIsInTheDataFilesOrTheLogs()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("gatehouse-secrets-").FullName;
        try
        {
            var secrets = new List<(string Label, string Secret)>();
            CapturedLogs logs;
            // The test owns the directory, so stopping the host leaves the files to scan.
            var host = await GatewayHost.StartAsync(dataDirectory: dataDirectory);
            try
            {
                logs = host.Logs;
                await RunSessionAsync(host, (label, secret) => secrets.Add((label, secret)));
            }
            finally
            {
                await host.DisposeAsync();
            }
            // Closing the pooled connections checkpoints the WAL into the database file; any WAL or
            // shared-memory file left over is scanned as well.
            SqliteConnection.ClearAllPools();

            var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories)
                .Select(path => (Path: path, Bytes: File.ReadAllBytes(path)))
                .ToList();
            Assert.Contains(files, f => Path.GetFileName(f.Path) == "gatehouse.db");
            Assert.True(files.Any(f => Contains(f.Bytes, Encoding.UTF8.GetBytes(ControlUsername))),
                $"Control: the username '{ControlUsername}' is stored in clear, so the scan must find it in one of: {string.Join(", ", files.Select(f => Path.GetFileName(f.Path)))}");
            Assert.Contains($"'{ControlUsername}'", logs.AllText, StringComparison.Ordinal);
            Assert.True(secrets.Count >= 30, $"The session should have issued at least 30 secrets; it recorded {secrets.Count}.");

            var found = new List<string>();
            foreach (var (label, secret) in secrets)
            {
                foreach (var form in Forms(secret))
                {
                    foreach (var (encodingName, encoding) in Encodings)
                    {
                        var pattern = encoding.GetBytes(form);
                        found.AddRange(files.Where(f => Contains(f.Bytes, pattern)).Select(f => $"{label} ({encodingName}) in {Path.GetFileName(f.Path)}"));
                    }
                }
                if (logs.AllText.Contains(secret, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add($"{label} in the logs");
                }
            }
            Assert.True(found.Count == 0, "Secrets found in clear:\n" + string.Join('\n', found));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>
    /// Issues passwords, login and refresh tokens, operator, application, trusted-application,
    /// application-user and device keys, device tokens, registration codes, temporary tokens and
    /// password-reset tokens, and presents most of them in each place a credential can go,
    /// including failed attempts (which are logged), so every code path that might store or log
    /// a secret runs.
    /// </summary>
    private static async Task RunSessionAsync(GatewayHost host, Action<string, string> keep)
    {
        using var api = new IdentityApi(host);
        keep("bootstrap administrator password", GatewayHost.AdminPassword);
        var adminToken = await host.LoginAdminAsync();
        keep("administrator access token", adminToken);
        var admin = Present.Bearer(adminToken);

        // Users, passwords, login and refresh tokens.
        const string alicePassword = "Alice-Password-Correct-Horse-1";
        keep("alice's password", alicePassword);
        await api.CreateUserAsync(ControlUsername, alicePassword);
        var alice = await api.LoginAsync(ControlUsername, alicePassword);
        keep("alice's access token", alice.AccessToken);
        keep("alice's refresh token", alice.RefreshToken);
        var refreshed = await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Post, "/v1/auth/refresh", null, new { refreshToken = alice.RefreshToken });
        var aliceToken = refreshed.GetProperty("accessToken").GetString()!;
        keep("alice's rotated access token", aliceToken);
        keep("alice's rotated refresh token", refreshed.GetProperty("refreshToken").GetString()!);
        var asAlice = Present.Bearer(aliceToken);
        await api.MeAsync(Present.Basic(ControlUsername, alicePassword));
        await api.MeAsync(Present.AuthHeaders($"user/{alice.UserId}", aliceToken));
        await api.MeAsync(Present.AccessTokenQuery(aliceToken));
        await api.MeAsync(Present.AuthQuery($"user/{alice.UserId}", aliceToken));
        const string wrongGuess = "Alice-Password-Correct-Horse-2";
        keep("a wrong password close to alice's", wrongGuess);
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Basic(ControlUsername, wrongGuess)));
        using (var failed = await api.TryLoginAsync(ControlUsername, wrongGuess))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }
        // A revoked token presented again is a logged failure.
        var spare = await api.LoginAsync(ControlUsername, alicePassword);
        keep("alice's logged-out access token", spare.AccessToken);
        keep("alice's logged-out refresh token", spare.RefreshToken);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/logout", Present.Form(("access_token", spare.AccessToken)));
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Bearer(spare.AccessToken)));

        // Operator keys, as Bearer, Basic and query.
        var aliceKey = await api.CreateKeyAsync(asAlice, "alice's script");
        keep("alice's operator key secret", aliceKey.Secret);
        await api.MeAsync(Present.Bearer(aliceKey.Key));
        await api.MeAsync(Present.Basic(aliceKey.Id, aliceKey.Secret));
        await api.MeAsync(Present.AccessTokenQuery(aliceKey.Key));
        var expiringKey = await api.CreateKeyAsync(asAlice, "expiring", host.Time.GetUtcNow() + TimeSpan.FromDays(1));
        keep("alice's expiring key secret", expiringKey.Secret);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Delete, $"/v1/keys/{expiringKey.Id}", asAlice);
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.Basic(expiringKey.Id, expiringKey.Secret)));

        // An account, an operator with a role, and the operator's key.
        const string ownerPassword = "Owner-Password-Battery-Staple";
        keep("account owner's password", ownerPassword);
        var ownerId = await api.CreateUserAsync("acme-owner", ownerPassword);
        var account = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/accounts", admin, new { name = "Acme", administratorId = ownerId });
        var accountId = account.GetProperty("id").GetString()!;
        var ownerSession = await api.LoginAsync("acme-owner", ownerPassword);
        keep("account owner's access token", ownerSession.AccessToken);
        keep("account owner's refresh token", ownerSession.RefreshToken);
        var owner = Present.Bearer(ownerSession.AccessToken);
        await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Put, $"/v1/accounts/{accountId}/roles/viewer", owner, new { permissions = new[] { "roles:read", "devices:read" } });
        const string operatorPassword = "Operator-Password-Tr0ub4dor";
        keep("operator's password", operatorPassword);
        var operatorSession = await api.CreateUserAndLoginAsync("olivia", operatorPassword);
        keep("operator's access token", operatorSession.AccessToken);
        keep("operator's refresh token", operatorSession.RefreshToken);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, $"/v1/accounts/{accountId}/operators/{operatorSession.UserId}", owner, new { role = "viewer" });
        var operatorKey = await api.CreateKeyAsync(Present.Bearer(operatorSession.AccessToken), "olivia's key");
        keep("operator key secret", operatorKey.Secret);
        await api.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, $"/v1/accounts/{accountId}/roles", Present.Basic(operatorKey.Id, operatorKey.Secret));

        // An application: its public and trusted keys, an application user and their key.
        var application = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/accounts/{accountId}/applications", owner, new { name = "Acme app" });
        var applicationId = application.GetProperty("application").GetProperty("id").GetString()!;
        var applicationKey = application.GetProperty("applicationApiKey").GetString()!;
        var trustedKey = application.GetProperty("trustedApplicationApiKey").GetString()!;
        keep("application key secret", SecretOf(applicationKey));
        keep("trusted application key secret", SecretOf(trustedKey));
        await api.MeAsync(Present.AccessTokenQuery(applicationKey));
        await api.MeAsync(Present.Bearer(trustedKey));
        const string appUserPassword = "AppUser-Password-Hunter22";
        keep("application user's password", appUserPassword);
        var appUser = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, $"/v1/applications/{applicationId}/users", Present.Bearer(applicationKey),
            new { username = "app-user", password = appUserPassword });
        var appUserKey = appUser.GetProperty("applicationUserApiKey").GetString()!;
        keep("application user key secret", SecretOf(appUserKey));
        await api.MeAsync(Present.AccessTokenQuery(appUserKey));

        // A device: its tokens (as guardian, Bearer, query) and its key.
        var deviceId = await api.CreateDeviceAsync(asAlice, "guardian");
        var deviceToken = await api.IssueDeviceTokenAsync(asAlice, deviceId);
        keep("device token", deviceToken.Secret);
        await api.MeAsync(Present.AuthHeaders($"guardian/{deviceId}", deviceToken.Secret));
        await api.MeAsync(Present.AuthQuery($"guardian/{deviceId}", deviceToken.Secret));
        await api.MeAsync(Present.Bearer(deviceToken.Secret));
        var shortDeviceToken = await api.IssueDeviceTokenAsync(asAlice, deviceId, expiresInSeconds: 60);
        keep("short-lived device token", shortDeviceToken.Secret);
        var deviceKey = await api.CreateDeviceKeyAsync(asAlice, deviceId, "device key");
        keep("device key secret", deviceKey.Secret);
        await api.MeAsync(Present.Basic(deviceKey.Id, deviceKey.Secret));

        // RFCx registration codes (a user and a guardian) and temporary tokens.
        var userRegistration = await api.CreateRegistrationTokenAsync(asAlice, "user", uses: 2);
        keep("user registration code", userRegistration.Secret);
        var asUserRegistration = Present.AuthHeaders($"register/{userRegistration.Id}", userRegistration.Secret);
        await api.MeAsync(asUserRegistration);
        const string registeredPassword = "Registered-Password-Kestrel9";
        keep("registered user's password", registeredPassword);
        await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/register", asUserRegistration, new { username = "newcomer", password = registeredPassword });
        var newcomer = await api.LoginAsync("newcomer", registeredPassword);
        keep("registered user's access token", newcomer.AccessToken);
        keep("registered user's refresh token", newcomer.RefreshToken);
        const string wrongCode = "ABCDEFGHJK";
        Assert.Equal(HttpStatusCode.Unauthorized, await api.MeStatusAsync(Present.AuthHeaders($"register/{userRegistration.Id}", wrongCode)));
        var guardianRegistration = await api.CreateRegistrationTokenAsync(asAlice, "guardian", uses: 1);
        keep("guardian registration code", guardianRegistration.Secret);
        var guardian = await api.ExpectAsync(HttpStatusCode.Created, HttpMethod.Post, "/v1/register",
            Present.AuthQuery($"register/{guardianRegistration.Id}", guardianRegistration.Secret), new { name = "registered guardian" });
        var guardianToken = guardian.GetProperty("token").GetString()!;
        keep("registered guardian's token", guardianToken);
        await api.MeAsync(Present.AuthHeaders($"guardian/{guardian.GetProperty("guid").GetString()}", guardianToken));
        var temporary = await api.CreateTemporaryTokenAsync(asAlice, ["me.get"], uses: 3);
        keep("temporary token", temporary.Secret);
        await api.MeAsync(Present.AuthHeaders($"token/{temporary.Id}", temporary.Secret));
        await api.MeAsync(Present.AuthQuery($"token/{temporary.Id}", temporary.Secret));

        // OAuth2: a client secret, consent form tokens, authorization codes, a PKCE verifier, the
        // tokens of the code, refresh and password grants, and a wrong client secret.
        using (var oauth = new OAuth.OAuthDriver(host))
        {
            var client = await oauth.RegisterClientAsync(asAlice, ["devices:read", "profile:read"]);
            keep("OAuth client secret", client.ClientSecret!);
            var form = await oauth.OpenConsentPageAsync(client, "devices:read profile:read");
            keep("consent form token", form.FormToken);
            string code;
            using (var allowed = await oauth.AllowAsync(form, ControlUsername, ["devices:read"], alicePassword))
            {
                code = OAuth.OAuthDriver.ExpectRedirect(allowed, client.RedirectUri)["code"];
            }
            keep("authorization code", code);
            var fromCode = (await oauth.ExchangeAsync(client, code)).ExpectTokens();
            keep("OAuth access token (code)", fromCode.AccessToken);
            keep("OAuth refresh token (code)", fromCode.RefreshToken);
            await api.MeAsync(Present.Bearer(fromCode.AccessToken));
            var refreshedOAuth = (await oauth.RefreshAsync(client, fromCode.RefreshToken)).ExpectTokens();
            keep("OAuth access token (refreshed)", refreshedOAuth.AccessToken);
            keep("OAuth refresh token (refreshed)", refreshedOAuth.RefreshToken);
            var fromPassword = (await oauth.TokenAsync([("grant_type", "password"), ("username", ControlUsername), ("password", alicePassword), ("scope", "devices:read")],
                basic: (client.ClientId, client.ClientSecret!))).ExpectTokens();
            keep("OAuth access token (password grant)", fromPassword.AccessToken);
            keep("OAuth refresh token (password grant)", fromPassword.RefreshToken);
            const string wrongClientSecret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
            keep("a wrong client secret", wrongClientSecret);
            (await oauth.TokenAsync([("grant_type", "password"), ("username", ControlUsername), ("password", alicePassword)], basic: (client.ClientId, wrongClientSecret)))
                .ExpectError(HttpStatusCode.Unauthorized, "invalid_client");

            var publicClient = await oauth.RegisterClientAsync(asAlice, ["devices:read"], confidential: false);
            var (verifier, challenge) = OAuth.OAuthDriver.NewPkce();
            keep("PKCE code verifier", verifier);
            var publicForm = await oauth.OpenConsentPageAsync(publicClient, "devices:read", codeChallenge: challenge);
            keep("public client's consent form token", publicForm.FormToken);
            string publicCode;
            using (var allowed = await oauth.AllowAsync(publicForm, ControlUsername, ["devices:read"], alicePassword))
            {
                publicCode = OAuth.OAuthDriver.ExpectRedirect(allowed, publicClient.RedirectUri)["code"];
            }
            keep("public client's authorization code", publicCode);
            var publicTokens = (await oauth.ExchangeAsync(publicClient, publicCode, codeVerifier: verifier)).ExpectTokens();
            keep("public client's access token", publicTokens.AccessToken);
            keep("public client's refresh token", publicTokens.RefreshToken);
        }

        // Password resets (one completed, one left outstanding) and a password change.
        const string bobPassword = "Bob-Password-Initial-1";
        keep("bob's first password", bobPassword);
        var bobId = await api.CreateUserAsync("bob", bobPassword);
        var resetToken = await api.BeginPasswordResetAsync(bobId);
        keep("completed password-reset token", SecretOf(resetToken));
        const string bobResetPassword = "Bob-Password-After-Reset-2";
        keep("bob's password after reset", bobResetPassword);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "/v1/auth/password-reset", null, new { resetToken, newPassword = bobResetPassword });
        var bob = await api.LoginAsync("bob", bobResetPassword);
        keep("bob's access token", bob.AccessToken);
        keep("bob's refresh token", bob.RefreshToken);
        const string bobChangedPassword = "Bob-Password-Changed-3";
        keep("bob's changed password", bobChangedPassword);
        await api.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Put, "/v1/me/password", Present.Bearer(bob.AccessToken),
            new { currentPassword = bobResetPassword, newPassword = bobChangedPassword });
        var outstandingReset = await api.BeginPasswordResetAsync(bobId);
        keep("outstanding password-reset token", SecretOf(outstandingReset));
    }

    /// <summary>The secret half of "id.secret" (API keys, password-reset tokens); the id is public.</summary>
    private static string SecretOf(string idDotSecret)
    {
        var dot = idDotSecret.IndexOf('.');
        Assert.True(dot > 0, "expected an id.secret value");
        return idDotSecret[(dot + 1)..];
    }

    private static readonly (string Name, Encoding Encoding)[] Encodings =
    [
        ("UTF-8", new UTF8Encoding(false)),
        ("UTF-16LE", new UnicodeEncoding(bigEndian: false, byteOrderMark: false)),
        ("UTF-16BE", new UnicodeEncoding(bigEndian: true, byteOrderMark: false)),
    ];

    /// <summary>The secret as sent, and case-folded: hex tokens written in upper case are still in clear.</summary>
    private static IEnumerable<string> Forms(string secret) =>
        new[] { secret, secret.ToUpperInvariant(), secret.ToLowerInvariant() }.Distinct(StringComparer.Ordinal);

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
