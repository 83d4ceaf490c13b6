using System.Collections.Immutable;
using Gatehouse.Runtime.Persistence.Postgres;
using Gatehouse.Runtime.Placement;
using Npgsql;

namespace Gatehouse.Runtime.Membership.Postgres;

/// <summary>
/// The membership table of one service in PostgreSQL (<see cref="PostgresMembershipSchema"/>).
/// Every status change runs in one transaction with a compare-and-swap of the service's version
/// row (<c>UPDATE … WHERE version = @expected</c>), so two silos deciding from the same read
/// cannot both write: the second finds the version moved and must read again. Heartbeats do not
/// move the version (nothing a view holds changes). Every time is the database's <c>now()</c>.
/// </summary>
internal sealed class PostgresMembershipTable(PostgresConnectionFactory connections, string serviceId)
{
    private const string SiloRole = "silo";
    private const string KeyCondition = "service_id = @service AND host = @host AND port = @port AND generation = @generation";

    public string DisplayName => connections.DisplayName;

    /// <summary>Creates the service's version row (version 0) when it has none. Idempotent.</summary>
    public async Task EnsureVersionRowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "INSERT INTO cluster_versions (service_id, version) VALUES (@service, 0) ON CONFLICT (service_id) DO NOTHING", connection);
        command.Parameters.AddWithValue("service", serviceId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The version and every row, in one statement, so both come from one snapshot.</summary>
    public async Task<MembershipSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT v.version, m.host, m.port, m.generation, m.silo_name, m.role, m.status, m.started_at,
                   (EXTRACT(EPOCH FROM (now() - m.heartbeat_at)) * 1000)::bigint
            FROM cluster_versions v
            LEFT JOIN cluster_members m ON m.service_id = v.service_id
            WHERE v.service_id = @service
            """,
            connection);
        command.Parameters.AddWithValue("service", serviceId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long version = 0;
        var entries = ImmutableArray.CreateBuilder<MembershipEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            version = reader.GetInt64(0);
            if (reader.IsDBNull(1))
            {
                continue;
            }
            var address = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3));
            // A heartbeat committed just after this statement's now() can make the age a hair negative.
            var ageMilliseconds = Math.Max(0, reader.GetInt64(8));
            entries.Add(new MembershipEntry(
                address,
                reader.GetString(4),
                reader.GetString(5) == SiloRole ? ClusterRole.Silo : ClusterRole.Client,
                ParseStatus(reader.GetString(6)),
                reader.GetFieldValue<DateTimeOffset>(7),
                TimeSpan.FromMilliseconds(ageMilliseconds)));
        }
        return new MembershipSnapshot(version, entries.ToImmutable());
    }

    /// <summary>Inserts the silo's row as joining, if the table is still at <paramref name="expectedVersion"/>.</summary>
    /// <returns><see cref="MembershipWriteResult.NotApplicable"/> when a row with this address and generation already exists.</returns>
    public Task<MembershipWriteResult> TryJoinAsync(SiloAddress silo, string siloName, long expectedVersion, CancellationToken cancellationToken) =>
        WithVersionAsync(expectedVersion, cancellationToken, (connection, transaction) =>
        {
            var command = new NpgsqlCommand(
                """
                INSERT INTO cluster_members (service_id, host, port, generation, silo_name, role, status, started_at, heartbeat_at)
                VALUES (@service, @host, @port, @generation, @name, @role, 'joining', now(), now())
                ON CONFLICT DO NOTHING
                """,
                connection,
                transaction);
            AddKey(command, silo);
            command.Parameters.AddWithValue("name", siloName);
            command.Parameters.AddWithValue("role", SiloRole);
            return command;
        });

    /// <summary>
    /// Moves the silo's row forward to <paramref name="status"/> (never back), if the table is still
    /// at <paramref name="expectedVersion"/> and, when <paramref name="onlyIfHeartbeatOlderThan"/>
    /// is given, the row's heartbeat is older than that by the database's clock (checked in the
    /// same statement, so a silo that heartbeated meanwhile is not declared dead).
    /// </summary>
    public Task<MembershipWriteResult> TryChangeStatusAsync(
        SiloAddress silo, MemberStatus status, long expectedVersion, TimeSpan? onlyIfHeartbeatOlderThan, CancellationToken cancellationToken) =>
        WithVersionAsync(expectedVersion, cancellationToken, (connection, transaction) =>
        {
            var command = new NpgsqlCommand(
                $"UPDATE cluster_members SET status = @status WHERE {KeyCondition} AND status = ANY(@from)"
                + (onlyIfHeartbeatOlderThan is null ? "" : " AND heartbeat_at < now() - @age"),
                connection,
                transaction);
            AddKey(command, silo);
            command.Parameters.AddWithValue("status", FormatStatus(status));
            command.Parameters.AddWithValue("from", PreviousStatuses(status));
            if (onlyIfHeartbeatOlderThan is { } age)
            {
                command.Parameters.AddWithValue("age", age);
            }
            return command;
        });

    /// <summary>Writes the database's now() as the silo's heartbeat. False when no live row matched: the silo is dead (or was never a member).</summary>
    public async Task<bool> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"UPDATE cluster_members SET heartbeat_at = now() WHERE {KeyCondition} AND status <> 'dead'", connection);
        AddKey(command, silo);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Deletes rows of silos dead for longer than <paramref name="olderThan"/>; they can never come back (a restart is a new generation).</summary>
    public async Task<int> DeleteDeadRowsAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "DELETE FROM cluster_members WHERE service_id = @service AND status = 'dead' AND heartbeat_at < now() - @age", connection);
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("age", olderThan);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static string FormatStatus(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.Active => "active",
        MemberStatus.ShuttingDown => "shutting_down",
        MemberStatus.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    private static MemberStatus ParseStatus(string text) => text switch
    {
        "joining" => MemberStatus.Joining,
        "active" => MemberStatus.Active,
        "shutting_down" => MemberStatus.ShuttingDown,
        _ => MemberStatus.Dead,
    };

    /// <summary>The statuses a row may move to <paramref name="status"/> from: only forward.</summary>
    private static string[] PreviousStatuses(MemberStatus status) =>
        [.. Enum.GetValues<MemberStatus>().Where(s => s < status).Select(FormatStatus)];

    private void AddKey(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("service", serviceId);
        command.Parameters.AddWithValue("host", silo.Host);
        command.Parameters.AddWithValue("port", silo.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }

    /// <summary>Runs the change made by <paramref name="change"/> in one transaction with the version's compare-and-swap.</summary>
    private async Task<MembershipWriteResult> WithVersionAsync(
        long expectedVersion, CancellationToken cancellationToken, Func<NpgsqlConnection, NpgsqlTransaction, NpgsqlCommand> change)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var swap = new NpgsqlCommand(
            "UPDATE cluster_versions SET version = version + 1 WHERE service_id = @service AND version = @expected", connection, transaction))
        {
            swap.Parameters.AddWithValue("service", serviceId);
            swap.Parameters.AddWithValue("expected", expectedVersion);
            // A concurrent writer holding the same expectation blocks on the row lock here, then
            // re-checks the condition against the committed version and matches nothing.
            if (await swap.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return MembershipWriteResult.VersionConflict;
            }
        }
        await using (var command = change(connection, transaction))
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                return MembershipWriteResult.NotApplicable;
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return MembershipWriteResult.Written;
    }
}
