namespace Gatehouse.Grains.Audit;

/// <summary>
/// The append-only audit log, as grains see it: they take it by constructor injection and append
/// an event for every authentication success and failure and every change to a permission or a
/// credential. Administrators read it through <see cref="IAuditLogGrain"/>, which authorizes them;
/// this interface does no authorization.
/// <para>
/// It lives in Gatehouse.Grains, not in the runtime, because its records are the identity
/// domain's (<see cref="AuditEvent"/>, <see cref="AuditActions"/>, the caller model), and the
/// runtime must not depend on a domain. Its stores still reuse the runtime's persistence pieces
/// (connection factories, storage options, the schema migrations that create the table), so the
/// log lives in the same database as grain state and reminders.
/// </para>
/// <para>
/// Implementations: <c>MemoryAuditLog</c> (tests), <c>SqliteAuditLog</c> and
/// <c>PostgresAuditLog</c> (both <see cref="BatchingAuditLog"/>s). A silo has one, chosen by
/// <c>UseConfiguredAuditLog</c> or <c>Add…AuditLog</c>.
/// </para>
/// </summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends an event, stamping its <see cref="AuditEvent.Timestamp"/>. Completes only when the
    /// event is durable (committed to the database), so a grain that awaits it before answering
    /// never reports an action whose audit record could still be lost. If it throws, the event
    /// may not have been stored and the grain should fail its call rather than act unaudited.
    /// Cancelling stops the wait, not the write: a cancelled append may still be stored.
    /// </summary>
    /// <exception cref="ArgumentException">The action is not in <see cref="AuditActions"/>, an enum
    /// value is undefined, or <see cref="AuditEvent.Details"/> has too many entries.</exception>
    /// <exception cref="ObjectDisposedException">The log has been shut down.</exception>
    ValueTask AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Returns one page of matching events, oldest first.</summary>
    /// <exception cref="InvalidRequestException">The query's limit is below 1.</exception>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);
}
