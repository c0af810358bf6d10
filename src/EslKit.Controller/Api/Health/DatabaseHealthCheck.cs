using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace EslKit.Controller.Api.Health;

/// <summary>
/// Ready when PostgreSQL answers a query and the schema is migrated (<c>schema_migrations</c> has a row). The
/// description says what failed, never the connection string or the exception's text.
/// </summary>
internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM schema_migrations)");
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true
                ? HealthCheckResult.Healthy("PostgreSQL answers; the schema is migrated.")
                : HealthCheckResult.Unhealthy("PostgreSQL answers but the schema is not migrated yet.");
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
        }
    }
}
