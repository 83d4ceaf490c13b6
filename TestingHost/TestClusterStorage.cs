namespace Gatehouse.TestingHost;

/// <summary>Which storage a <see cref="TestCluster"/>'s silos use for grain state and reminders.</summary>
public enum TestClusterStorage
{
    /// <summary>
    /// In memory, shared by all silos of the cluster and kept across silo restarts, as a database
    /// would be; gone when the cluster is disposed.
    /// </summary>
    Memory,

    /// <summary>A SQLite file in <see cref="TestClusterBuilder.DataDirectory"/>.</summary>
    Sqlite,

    /// <summary>PostgreSQL at <see cref="TestClusterBuilder.PostgresConnectionString"/>.</summary>
    Postgres,
}
