using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// Authorizes audit queries (rules on <see cref="IAuditLogGrain"/>) and runs them on the silo's
/// <see cref="IAuditLog"/>. It keeps no state, and every call only checks its arguments and then
/// awaits the store, so calls are <see cref="ReentrantAttribute">reentrant</see>: an
/// administrator's slow query never queues another's behind it.
/// </summary>
[GrainType("auditlog")]
[Reentrant]
public sealed class AuditLogGrain(IAuditLog auditLog) : Grain, IAuditLogGrain
{
    public Task<AuditPage> QueryAsync(Caller caller, AuditQuery query)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (query is null)
        {
            throw new InvalidRequestException("An audit query is required.");
        }

        var key = GetPrimaryKeyString();
        AuditQuery allowed;
        if (key == IAuditLogGrain.SystemWide)
        {
            caller.RequireSystemAdmin();
            allowed = query;
        }
        else
        {
            // A system administrator passes this check too; either way an account's log shows
            // that account's events only, whatever account the query named.
            caller.RequireInAccount(Permissions.AuditRead, key);
            allowed = query with { AccountId = key };
        }

        return auditLog.QueryAsync(allowed, CancellationToken.None);
    }
}
