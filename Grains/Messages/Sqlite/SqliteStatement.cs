using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gatehouse.Grains.Messages.Sqlite;

/// <summary>
/// One prepared statement driven through SQLite's C API: bind by position, step, reset. The
/// message writer runs thousands of inserts and upserts per batch, and ADO.NET's per-execution
/// cost (parameter lookup by name, a reader per call) was most of the CPU an append cost
/// (docs/benchmarks.md); here the cost is SQLite's own. The statement belongs to one connection
/// and must be disposed before it closes.
/// </summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
    }

    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    public void Bind(int index, double value) => Check(raw.sqlite3_bind_double(_statement, index, value));

    public void Bind(int index, double? value) => Check(value is { } v ? raw.sqlite3_bind_double(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, long? value) => Check(value is { } v ? raw.sqlite3_bind_int64(_statement, index, v) : raw.sqlite3_bind_null(_statement, index));

    public void Bind(int index, string? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_text16(_statement, index, value));

    public void Bind(int index, byte[]? value) => Check(value is null ? raw.sqlite3_bind_null(_statement, index) : raw.sqlite3_bind_blob(_statement, index, value));

    /// <summary>Runs a statement that returns no rows, then readies it for the next bindings.</summary>
    public void Execute()
    {
        var result = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (result != raw.SQLITE_DONE)
        {
            Check(result);
            throw new SqliteException($"SQLite error {result}: the statement returned rows.", result);
        }
    }

    /// <summary>Steps a query: true while it has a row (read with the Column methods); call <see cref="Reset"/> when done.</summary>
    public bool Step()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }
        Check(result);
        return false;
    }

    public void Reset() => raw.sqlite3_reset(_statement);

    public long ColumnInt64(int index) => raw.sqlite3_column_int64(_statement, index);

    public string ColumnText(int index) => raw.sqlite3_column_text(_statement, index).utf8_to_string();

    public bool ColumnIsNull(int index) => raw.sqlite3_column_type(_statement, index) == raw.SQLITE_NULL;

    public ReadOnlySpan<byte> ColumnBlob(int index) => raw.sqlite3_column_blob(_statement, index);

    /// <summary>Runs a statement that returns one integer.</summary>
    public long ExecuteScalarInt64()
    {
        try
        {
            var result = raw.sqlite3_step(_statement);
            if (result != raw.SQLITE_ROW)
            {
                Check(result);
                throw new SqliteException("SQLite returned no row.", result);
            }
            return raw.sqlite3_column_int64(_statement, 0);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int result)
    {
        if (result is not (raw.SQLITE_OK or raw.SQLITE_DONE or raw.SQLITE_ROW))
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", result, raw.sqlite3_extended_errcode(_db));
        }
    }
}
