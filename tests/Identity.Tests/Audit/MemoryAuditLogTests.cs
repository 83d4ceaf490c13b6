using Gatehouse.Grains.Audit;
using Gatehouse.Grains.Audit.Memory;

namespace Gatehouse.Identity.Tests.Audit;

public sealed class MemoryAuditLogTests : AuditLogContractTests
{
    protected override Task<IAuditLog> CreateLogAsync(string serviceId, AuditLogOptions? options)
        => Task.FromResult<IAuditLog>(new MemoryAuditLog(Clock));

    // The memory store has no second reader to ask; its own query is the only view there is.
    protected override async Task<long> CountStoredAsync(string serviceId, string subjectId)
        => (await Log.QueryAsync(new AuditQuery { SubjectId = subjectId })).Events.Length;
}
