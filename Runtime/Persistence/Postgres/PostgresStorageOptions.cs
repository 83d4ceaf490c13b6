namespace Gatehouse.Runtime.Persistence.Postgres;

/// <summary>Where the PostgreSQL providers (grain storage and reminders) keep their tables.</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>
    /// An Npgsql connection string, for example
    /// <c>Host=db;Database=gatehouse;Username=gatehouse;Password=…</c>. Required: there is no
    /// default. It may hold a password, so the providers never log it; they log host, port and
    /// database only. Timeouts and pool sizes are set here too, with Npgsql's defaults
    /// (command timeout 30 s, at most 100 pooled connections).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Copies every setting to <paramref name="target"/>: how a store that shares the default
    /// storage's database (reminders, the audit log) starts from its options.
    /// </summary>
    public void CopyTo(PostgresStorageOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.ConnectionString = ConnectionString;
    }
}
