namespace Gatehouse.Identity.Tests.Authorization;

/// <summary>
/// Device endpoints × how the caller stands to the device: one row per endpoint that addresses a
/// device (a device endpoint without a row fails <c>EveryDeviceEndpointHasExactlyOneRow</c>).
/// Expectations follow docs/permissions.md, "Devices" and "Device data":
/// <list type="bullet">
/// <item>read the device and its data: anyone when public, else the owner, users it is shared
/// with (either access) and the device itself; an anonymous read of a private device is 401
/// (WoTKit: 403), and EVRYTHNG's <c>/thngs</c> always needs a credential;</item>
/// <item>change it and publish for it: the owner and users shared for writing; the device itself
/// publishes but does not change its own description;</item>
/// <item>share, transfer, delete, credentials: the owner only;</item>
/// <item>revoked and expired credentials: 401 everywhere; application keys are nobody's device
/// relation: 403 (the trusted key holds devices:read and messages:read, but only for resources
/// its application reaches, which a user's device is not).</item>
/// </list>
/// </summary>
public static class DeviceRelationshipMatrix
{
    // Columns, in DeviceRelation order:
    //   on the public device          on the private device         the device itself      API key kinds
    //   Own  Read Writ Othr Anon      Own  Read Writ Othr Anon      Tok  Key  Revk Expd    OpK  App  Trst AppU
    public static IReadOnlyList<DeviceRelationshipRow> Rows { get; } =
    [
        new("devices.get", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}"),
            [200, 200, 200, 200, 200,      200, 200, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
        new("devices.update", (_, d) => new(HttpMethod.Patch, $"/v1/devices/{d.Id}", new { description = "changed" }),
            [200, 403, 200, 403, 401,      200, 403, 200, 403, 401,      403, 403, 401, 401,    200, 403, 403, 403]),
        new("devices.delete", (_, d) => new(HttpMethod.Delete, $"/v1/devices/{d.Id}"),
            [204, 403, 403, 403, 401,      204, 403, 403, 403, 401,      403, 403, 401, 401,    204, 403, 403, 403], Fresh: true),
        new("devices.shares.put", (w, d) => new(HttpMethod.Put, $"/v1/devices/{d.Id}/shares/{w.BystanderId}", new { access = "read" }),
            [200, 403, 403, 403, 401,      200, 403, 403, 403, 401,      403, 403, 401, 401,    200, 403, 403, 403]),
        new("devices.shares.delete", (w, d) => new(HttpMethod.Delete, $"/v1/devices/{d.Id}/shares/{w.BystanderId}"),
            [200, 403, 403, 403, 401,      200, 403, 403, 403, 401,      403, 403, 401, 401,    200, 403, 403, 403]),
        new("devices.transfer", (w, d) => new(HttpMethod.Post, $"/v1/devices/{d.Id}/transfer", new { ownerId = w.BystanderId }),
            [200, 403, 403, 403, 401,      200, 403, 403, 403, 401,      403, 403, 401, 401,    200, 403, 403, 403], Fresh: true),
        new("devices.tokens.create", (_, d) => new(HttpMethod.Post, $"/v1/devices/{d.Id}/tokens", new { }),
            [201, 403, 403, 403, 401,      201, 403, 403, 403, 401,      403, 403, 401, 401,    201, 403, 403, 403]),
        new("devices.keys.create", (_, d) => new(HttpMethod.Post, $"/v1/devices/{d.Id}/keys", new { name = "relationship key" }),
            [201, 403, 403, 403, 401,      201, 403, 403, 403, 401,      403, 403, 401, 401,    201, 403, 403, 403]),
        new("devices.keys.list", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}/keys"),
            [200, 403, 403, 403, 401,      200, 403, 403, 403, 401,      403, 403, 401, 401,    200, 403, 403, 403]),
        new("messages.publish", (_, d) => new(HttpMethod.Post, $"/v1/devices/{d.Id}/messages", new { data = new { temp = 20 } }),
            [201, 403, 201, 403, 401,      201, 403, 201, 403, 401,      201, 201, 401, 401,    201, 403, 403, 403]),
        new("messages.list", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}/messages"),
            [200, 200, 200, 200, 200,      200, 200, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
        new("series.latest", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}/series/latest"),
            [200, 200, 200, 200, 200,      200, 200, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
        new("series.aggregate", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}/series?interval=1h"),
            [200, 200, 200, 200, 200,      200, 200, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
        // A plain GET is neither an event stream nor a WebSocket upgrade: whoever may read the
        // device's data gets 406 (after the access check), everyone else what a read gets.
        new("devices.feed", (_, d) => new(HttpMethod.Get, $"/v1/devices/{d.Id}/feed"),
            [406, 406, 406, 406, 406,      406, 406, 406, 403, 401,      406, 406, 401, 401,    406, 403, 403, 403]),
        new("thngs.get", (_, d) => new(HttpMethod.Get, $"/thngs/{d.Id}"),
            [200, 200, 200, 200, 401,      200, 200, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
        new("wotkit.sensors.get", (w, d) => new(HttpMethod.Get, $"/api/sensors/{w.OwnerUsername}.{d.Handle}"),
            [200, 200, 200, 200, 200,      200, 200, 200, 403, 403,      200, 200, 401, 401,    200, 403, 403, 403]),
        new("artik.messages.send", (_, d) => new(HttpMethod.Post, "/v1.1/message", new { sdid = d.Id, data = new { stepCount = 100 } }),
            [200, 403, 200, 403, 401,      200, 403, 200, 403, 401,      200, 200, 401, 401,    200, 403, 403, 403]),
    ];

    /// <summary>An endpoint that addresses one device: by id in its path, as a Thng or a WoTKit sensor, or by ARTIK's sdid.</summary>
    public static bool IsDeviceEndpoint(Gatehouse.Gateway.Http.Endpoints.GatehouseEndpoint endpoint) =>
        endpoint.Pattern.Contains("{deviceId}", StringComparison.Ordinal)
        || endpoint.Pattern.Contains("{thngId}", StringComparison.Ordinal)
        || endpoint.Pattern.Contains("{sensor}", StringComparison.Ordinal)
        || endpoint.Pattern == "/v1.1/message";
}
