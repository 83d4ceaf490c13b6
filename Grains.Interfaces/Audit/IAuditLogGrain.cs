using Gatehouse.Grains.Security;
using Gatehouse.Runtime;

namespace Gatehouse.Grains.Audit;

/// <summary>
/// Where administrators query the audit log, authorized like every other grain call. The key is
/// an account id (that account's events) or <see cref="SystemWide"/> (every event). System
/// administrators may use any key; a caller holding <c>audit:read</c> in an account may use that
/// account's key only, and sees only that account's events whatever the query says.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>The key of the whole system's audit log; only system administrators may query it.</summary>
    public const string SystemWide = "*";

    /// <exception cref="NotAuthenticatedException">The caller is anonymous.</exception>
    /// <exception cref="AccessDeniedException">The caller may not read this log.</exception>
    /// <exception cref="InvalidRequestException">The query's limit is below 1.</exception>
    Task<AuditPage> QueryAsync(Caller caller, AuditQuery query);
}
