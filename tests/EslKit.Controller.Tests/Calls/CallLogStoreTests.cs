using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Calls;

public sealed class CallLogStoreTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private CallLogStore Logs => Services.Get<CallLogStore>();

    [Fact]
    public async Task One_row_per_attempt_started_then_ended_with_exact_money_and_late_duplicates_change_nothing()
    {
        var (tenant, item, route) = await ClaimedCall(AccountType.Trial);
        var created = Services.Time.GetUtcNow();
        var start = new CallStart(item.CallId, item.Attempt, tenant.Id, item.CampaignId, item.ItemId, item.Number, AccountType.Trial, route, "fs1", created);

        Assert.True(await Logs.RecordStartAsync(start, default));
        Assert.False(await Logs.RecordStartAsync(start with { Route = "changed" }, default));

        var channel = item.LegUuids[0];
        var end = new CallEnd(item.CallId, item.Attempt, channel, created.AddSeconds(2), created.AddSeconds(65), 65, 63, "NORMAL_CLEARING", "200", "fs1");
        Assert.True(await Logs.RecordEndAsync(end, default));
        Assert.False(await Logs.RecordEndAsync(end with { Billsec = 999, HangupCause = "USER_BUSY" }, default));

        var log = await Logs.GetAsync(item.CallId, item.Attempt, default);
        Assert.NotNull(log);
        Assert.Equal("trial via gateway trunk", log.Route);
        Assert.Equal("trial", log.AccountType);
        Assert.Equal((65, 63, "NORMAL_CLEARING", "200"), (log.DurationSeconds!.Value, log.Billsec!.Value, log.HangupCause, log.SipStatus));
        Assert.Equal(channel, log.ChannelUuid);
        Assert.Equal(created, log.CreatedAt);
        Assert.Equal(created.AddSeconds(65), log.EndedAt);
        // 63 s → 120 billed s: revenue 0.30, trunk 0.016; AI 63 × 0.04 / 60 = 0.042.
        Assert.Equal((0.016m, 0.042m, 0.30m), (log.TelephonyCost!.Value, log.AiCost!.Value, log.Revenue!.Value));
        Assert.Equal("numeric", await Database.ScalarAsync<string>("SELECT pg_typeof(revenue)::text FROM call_logs"));
        Assert.Single(await Logs.ListAsync(tenant.Id, item.CampaignId, default));
    }

    [Fact]
    public async Task An_end_without_a_start_row_is_written_from_the_campaign_item()
    {
        var (tenant, item, _) = await ClaimedCall(AccountType.Pro, rate: 0.20m);
        var ended = Services.Time.GetUtcNow().AddSeconds(30);

        Assert.True(await Logs.RecordEndAsync(new CallEnd(item.CallId, item.Attempt, null, null, ended, 30, 0, "NO_ANSWER", "487", "fs2"), default));

        var log = await Logs.GetAsync(item.CallId, item.Attempt, default);
        Assert.NotNull(log);
        Assert.Equal((tenant.Id, item.Number, "pro", $"via tenant:{tenant.Id}", "fs2"), (log.TenantId, log.Number, log.AccountType, log.Route, log.Node));
        Assert.Equal((0m, 0m, 0m), (log.TelephonyCost!.Value, log.AiCost!.Value, log.Revenue!.Value));
    }

    [Fact]
    public async Task An_unknown_call_is_not_logged()
    {
        Assert.False(await Logs.RecordEndAsync(new CallEnd(Guid.NewGuid(), 1, null, null, Services.Time.GetUtcNow(), 0, 0, "NORMAL_CLEARING", null, null), default));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM call_logs"));
    }

    private async Task<(Tenant Tenant, ClaimedItem Item, string Route)> ClaimedCall(AccountType type, decimal rate = 0.15m)
    {
        var tenant = await Services.Get<TenantService>().CreateAsync(new NewTenant($"t-{type}", type, PricePerMinute: rate), default);
        if (type == AccountType.Pro)
        {
            await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig("u", "p", "sip.example"), default);
        }

        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.ImportAsync(campaign, "+60123456789");
        await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
        var call = Assert.Single(await Services.Get<CallPreparer>().PrepareAsync(1, default));
        return (tenant, call.Item, call.Route.Description);
    }
}
