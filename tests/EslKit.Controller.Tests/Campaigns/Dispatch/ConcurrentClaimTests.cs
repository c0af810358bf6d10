using System.Collections.Concurrent;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace EslKit.Controller.Tests.Campaigns.Dispatch;

/// <summary>
/// Many claimers — each like a separate controller instance, with its own data source and instance id — dial
/// five tenants' campaigns to the end on one real database while a sampler watches the active calls per tenant
/// and per trunk in single snapshots: no limit is ever exceeded, no item is claimed twice in one attempt.
/// </summary>
public sealed class ConcurrentClaimTests(PostgresCluster cluster, ITestOutputHelper output) : DatabaseTest(cluster)
{
    private const int Claimers = 12;

    internal override IDictionary<string, string?>? Configuration => new Dictionary<string, string?> { ["Routing:SharedGatewayConcurrencyLimit"] = "4" };

    [Fact]
    public async Task Tenant_and_trunk_limits_hold_across_many_concurrent_claimers()
    {
        var tenants = new List<(Tenant Tenant, int Limit)>();
        foreach (var (type, limit) in new[] { (AccountType.Trial, 3), (AccountType.Trial, 2), (AccountType.Trial, 3), (AccountType.Pro, 5), (AccountType.Pro, 2) })
        {
            var tenant = await Services.TenantAsync(type, limit);
            if (type == AccountType.Pro)
            {
                await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig($"user{tenant.Id}", "p'w,d", "sip1.example", "sip2.example"), default);
            }

            var campaign = await Services.CampaignAsync(tenant.Id);
            await Services.ImportAsync(campaign, Seed.MalaysianMobiles(40, (int)tenant.Id * 1000).Select(n => "+" + n).ToArray());
            await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
            tenants.Add((tenant, limit));
        }

        var limits = tenants.ToDictionary(t => t.Tenant.Id, t => t.Limit);
        var maxPerTenant = new ConcurrentDictionary<long, long>();
        long maxOnGateway = 0;
        var violations = new ConcurrentQueue<string>();
        var claims = new ConcurrentBag<(long Item, int Attempt, string Instance)>();
        using var stop = new CancellationTokenSource();

        var sampler = Task.Run(async () =>
        {
            await using var connection = await Database.DataSource.OpenConnectionAsync();
            while (!stop.IsCancellationRequested)
            {
                // One statement, one snapshot: the counts are what the database held at one moment.
                await using var command = new NpgsqlCommand(
                    "SELECT tenant_id, count(*), count(*) FILTER (WHERE trunk = 'gateway:trunk') FROM campaign_items WHERE state IN ('dialing', 'answered') GROUP BY tenant_id",
                    connection);
                long gateway = 0;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        long tenantId = reader.GetInt64(0);
                        long active = reader.GetInt64(1);
                        gateway += reader.GetInt64(2);
                        maxPerTenant.AddOrUpdate(tenantId, active, (_, old) => Math.Max(old, active));
                        if (active > limits[tenantId])
                        {
                            violations.Enqueue($"tenant {tenantId}: {active} > {limits[tenantId]}");
                        }
                    }
                }

                maxOnGateway = Math.Max(maxOnGateway, gateway);
                if (gateway > 4)
                {
                    violations.Enqueue($"gateway: {gateway} > 4");
                }
            }
        });

        var workers = Enumerable.Range(0, Claimers).Select(n => Task.Run(async () =>
        {
            await using var dataSource = NpgsqlDataSource.Create(Database.ConnectionString);
            using var instance = new ControllerServices(dataSource, new Dictionary<string, string?>
            {
                ["Dispatcher:InstanceId"] = $"instance-{n}",
                ["Routing:SharedGatewayConcurrencyLimit"] = "4",
            });
            var preparer = instance.Get<CallPreparer>();
            var outcomes = instance.Get<OutcomeRecorder>();
            var random = new Random(n);
            int idleRounds = 0;
            while (idleRounds < 20)
            {
                var calls = await preparer.PrepareAsync(random.Next(1, 6), default);
                if (calls.Count == 0)
                {
                    idleRounds++;
                    await Task.Delay(20);
                    continue;
                }

                idleRounds = 0;
                foreach (var call in calls)
                {
                    claims.Add((call.Item.ItemId, call.Item.Attempt, $"instance-{n}"));
                }

                // Hold the calls a moment, then end them: half answered, half rejected (final).
                await Task.Delay(random.Next(0, 15));
                foreach (var call in calls)
                {
                    if (random.Next(2) == 0)
                    {
                        await outcomes.MarkAnsweredAsync(call.Item.CallId, call.Item.Attempt, default);
                        await outcomes.RecordEndAsync(call.Item.CallId, call.Item.Attempt, "NORMAL_CLEARING", default);
                    }
                    else
                    {
                        await outcomes.RecordEndAsync(call.Item.CallId, call.Item.Attempt, "-ERR CALL_REJECTED", default);
                    }
                }
            }
        })).ToArray();

        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await sampler;

        output.WriteLine($"claims: {claims.Count}; max active per tenant: {string.Join(", ", maxPerTenant.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}/{limits[p.Key]}"))}; gateway max {maxOnGateway}/4");
        Assert.Empty(violations);
        Assert.Equal(200, claims.Count);
        Assert.Equal(200, claims.Select(c => (c.Item, c.Attempt)).Distinct().Count());
        Assert.True(claims.Select(c => c.Instance).Distinct().Count() > 1, "the claims should be spread over several instances");
        Assert.Equal(4, maxOnGateway); // the shared gateway was driven to its limit, never past it
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state NOT IN ('done', 'failed')"));
        Assert.Equal(5L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE state = 'completed'"));
    }
}
