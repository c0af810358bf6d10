namespace EslKit.Controller.Tests.Support;

/// <summary>The test classes that share the run's PostgreSQL cluster (each with its own database).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
