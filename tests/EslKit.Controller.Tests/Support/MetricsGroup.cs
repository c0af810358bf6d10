namespace EslKit.Controller.Tests.Support;

/// <summary>
/// Test classes that read /metrics run alone, with a PostgreSQL cluster of their own. OpenTelemetry's meter
/// providers listen to every meter of a name in the process, so while another test host in the same process is
/// disposed, its "Microsoft.AspNetCore.Hosting" instruments end the shared stream in our host's provider too and
/// the ASP.NET Core series vanish from its /metrics (reproduced with two service providers and one counter name;
/// a controller process has one host, so only tests meet it).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsGroup : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL, alone (metrics)";
}
