namespace Gatehouse.Runtime.Persistence.Sqlite;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> setting: how often SQLite waits for the disk. In WAL mode,
/// <see cref="Full"/> syncs the log on every commit (an acknowledged write survives power loss);
/// <see cref="Normal"/> syncs only at checkpoints (a power cut can lose the last commits, though
/// the database stays consistent).
/// </summary>
public enum SqliteSynchronousMode
{
    Off = 0,
    Normal = 1,
    Full = 2,
    Extra = 3,
}
