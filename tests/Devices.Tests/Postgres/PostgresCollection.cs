using Gatehouse.Tests.Hosting;

namespace Gatehouse.Devices.Tests.Postgres;

/// <summary>Binds the <c>postgres</c> test collection to one <see cref="PostgresFixture"/> per test run of this assembly.</summary>
[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
