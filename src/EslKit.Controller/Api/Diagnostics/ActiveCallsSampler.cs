using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Api.Diagnostics;

/// <summary>
/// The gauge <c>eslkit.controller.tenant.calls.active</c>: each tenant's calls up or being dialled (items
/// <c>dialing</c> or <c>answered</c>), tagged by tenant id. Read from the database every
/// <see cref="ApiOptions.ActiveCallsSampleSeconds"/> (one indexed query), so it counts the calls of every instance
/// on the database: every instance exports the same figure (take one, or the max, never the sum). A tenant seen
/// once stays in the series (at 0), so a finished campaign's gauge falls to 0 instead of going stale. With the
/// database away the last figures stay.
/// </summary>
internal sealed class ActiveCallsSampler : BackgroundService
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly ILogger<ActiveCallsSampler> _logger;
    private readonly TimeSpan _interval;
    private volatile FrozenDictionary<long, long> _byTenant = FrozenDictionary<long, long>.Empty;

    public ActiveCallsSampler(NpgsqlDataSource dataSource, IMeterFactory meters, IOptions<ApiOptions> options, TimeProvider time, ILogger<ActiveCallsSampler> logger)
    {
        _dataSource = dataSource;
        _time = time;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(options.Value.ActiveCallsSampleSeconds);
        // The host's Meter (same name as the controller's): the gauge goes when the host does, so it never reports
        // a stopped host's figures.
        meters.Create(ControllerDiagnostics.Name).CreateObservableGauge(
            "eslkit.controller.tenant.calls.active",
            Observe,
            "{call}",
            "Each tenant's calls being dialled or up, on every instance of the database (sampled), by tenant_id.");
    }

    /// <summary>The last sample: calls by tenant id.</summary>
    public IReadOnlyDictionary<long, long> ByTenant => _byTenant;

    /// <summary>Reads the figures now (the loop's step).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var next = _byTenant.ToDictionary(p => p.Key, _ => 0L);
        await using var command = _dataSource.CreateCommand(
            "SELECT tenant_id, count(*) FROM campaign_items WHERE state IN ('dialing', 'answered') GROUP BY tenant_id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            next[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        _byTenant = next.ToFrozenDictionary();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A gauge must never stop the controller: the database away (readiness says so) or anything else.
                ApiLog.SampleFailed(_logger, ex.GetType().Name);
            }

            try
            {
                await Task.Delay(_interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (tenantId, calls) in _byTenant)
        {
            yield return new Measurement<long>(calls, new KeyValuePair<string, object?>("tenant_id", tenantId));
        }
    }
}
