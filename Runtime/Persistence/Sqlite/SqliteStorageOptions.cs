namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// Where and how the SQLite providers (grain storage and reminders) keep their database. The
/// reminder table defaults to the same file as the default storage provider.
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// The directory holding the database file, created if missing. Relative paths are resolved
    /// against the process's current directory. Default: <c>data</c>.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The database file name inside <see cref="DataDirectory"/>. Default: <c>gatehouse.db</c>.</summary>
    public string FileName { get; set; } = "gatehouse.db";

    /// <summary>
    /// A full Microsoft.Data.Sqlite connection string. When set, it replaces
    /// <see cref="DataDirectory"/> and <see cref="FileName"/> (the directory of its
    /// <c>Data Source</c> is still created if missing). Default: null.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The <c>PRAGMA synchronous</c> mode of every connection. Default: <see cref="SqliteSynchronousMode.Full"/>,
    /// because a write the silo has acknowledged must survive a power cut.
    /// </summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>
    /// How long a statement waits for another connection's write lock before failing
    /// (<c>PRAGMA busy_timeout</c>). Default: 5 seconds.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Copies every setting to <paramref name="target"/>: how a store that shares the default
    /// storage's database (reminders, the audit log) starts from its options.
    /// </summary>
    public void CopyTo(SqliteStorageOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.DataDirectory = DataDirectory;
        target.FileName = FileName;
        target.ConnectionString = ConnectionString;
        target.Synchronous = Synchronous;
        target.BusyTimeout = BusyTimeout;
    }
}
