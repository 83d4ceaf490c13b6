using Gatehouse.Tests.Hosting;
namespace Gatehouse.Identity.Tests.Postgres;

/// <summary>Binds the <c>postgres</c> test collection to one <see cref="PostgresFixture"/> per test run.</summary>
[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
