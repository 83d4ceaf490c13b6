using System.Globalization;
using Gatehouse.Gateway.Http.Endpoints;
using Gatehouse.Grains;
using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Security;

namespace Gatehouse.Gateway.Http.Identity;

/// <summary>Querying the audit log: system-wide for system administrators, per account for account administrators.</summary>
public static class AuditEndpoints
{
    public static IEnumerable<GatehouseEndpoint> All { get; } =
    [
        new("audit.query", "GET", "/v1/audit", EndpointPrivacy.Private, ApiSurface.Native,
            "Query the audit log, oldest first. Filters: accountId, actorId, subjectId, action (prefix), from, to, after (cursor), limit (≤1000). " +
            "Account administrators see their account only; system administrators everything.",
            QueryAsync, ResponseBody: typeof(AuditPage), Permission: Permissions.AuditRead),
    ];

    private static async Task<IResult> QueryAsync(RequestContext request)
    {
        var caller = request.Caller;
        var accountId = request.Query("accountId");
        // Without an account, administrators see everything and account administrators their own account.
        var key = accountId ?? (caller.IsSystemAdmin ? IAuditLogGrain.SystemWide : caller.AccountId ?? IAuditLogGrain.SystemWide);
        var query = new AuditQuery
        {
            AccountId = accountId,
            ActorId = request.Query("actorId"),
            SubjectId = request.Query("subjectId"),
            ActionPrefix = request.Query("action"),
            From = Time(request, "from"),
            To = Time(request, "to"),
            After = Number(request, "after"),
            Limit = (int)(Number(request, "limit") ?? AuditQuery.DefaultLimit),
        };
        return Results.Ok(await request.Grains.GetGrain<IAuditLogGrain>(key).QueryAsync(caller, query));
    }

    private static DateTimeOffset? Time(RequestContext request, string name) =>
        request.Query(name) is not { } text ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value
        : throw new InvalidRequestException($"'{name}' must be an ISO 8601 time.");

    private static long? Number(RequestContext request, string name) =>
        request.Query(name) is not { } text ? null
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidRequestException($"'{name}' must be a non-negative whole number.");
}
