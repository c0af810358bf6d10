using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Campaigns.Dispatch;

public sealed class ClaimTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private ItemClaimer Claimer => Services.Get<ItemClaimer>();

    [Fact]
    public async Task A_claim_records_instance_lease_attempt_and_one_distinct_uuid_per_leg_before_any_originate()
    {
        var trial = await Services.TenantAsync(AccountType.Trial);
        var pro = await Services.TenantAsync(AccountType.Pro);
        await Services.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732121", "secret", "sip1.example", "sip2.example"), default);
        await StartedCampaignWith(trial, 5);
        await StartedCampaignWith(pro, 5);

        var batches = await Claimer.ClaimAsync(100, default);

        var items = batches.SelectMany(b => b.Items).ToList();
        Assert.Equal(3, items.Count(i => i.TenantId == trial.Id)); // the trial limit (and the shared gateway's)
        Assert.Equal(5, items.Count(i => i.TenantId == pro.Id));
        Assert.All(items, i => Assert.Equal(1, i.Attempt));
        Assert.All(items.Where(i => i.TenantId == pro.Id), i => Assert.Equal(2, i.LegUuids.Count));
        Assert.All(items.Where(i => i.TenantId == trial.Id), i => Assert.Single(i.LegUuids));
        Assert.Equal(items.Sum(i => i.LegUuids.Count), items.SelectMany(i => i.LegUuids).Distinct().Count());
        Assert.Equal("secret", batches.Single(b => b.TenantId == pro.Id).PhoneConfig!.SipPassword);

        // What is stored is what was handed out.
        foreach (var item in items)
        {
            await using var command = Database.DataSource.CreateCommand(
                "SELECT state, claimed_by, lease_expires_at, attempt, attempts_used, leg_uuids, trunk FROM campaign_items WHERE id = $1");
            command.Parameters.Add(new() { Value = item.ItemId });
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal("dialing", reader.GetString(0));
            Assert.Equal("test-instance", reader.GetString(1));
            Assert.Equal(Services.Time.GetUtcNow().AddSeconds(120), reader.GetFieldValue<DateTimeOffset>(2));
            Assert.Equal(1, reader.GetInt32(3));
            Assert.Equal(1, reader.GetInt32(4));
            Assert.Equal(item.LegUuids, reader.GetFieldValue<Guid[]>(5));
            Assert.Equal(item.TenantId == trial.Id ? "gateway:trunk" : $"tenant:{pro.Id}", reader.GetString(6));
        }
    }

    [Fact]
    public async Task The_shared_gateway_is_one_trunk_for_all_trial_tenants_and_a_full_trunk_makes_items_wait()
    {
        var one = await Services.TenantAsync(AccountType.Trial);
        var two = await Services.TenantAsync(AccountType.Trial);
        await StartedCampaignWith(one, 4);
        await StartedCampaignWith(two, 4);

        var first = (await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items).ToList();
        var second = (await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items).ToList();

        Assert.Equal(3, first.Count); // 3 on the gateway, not 3 per tenant
        Assert.Empty(second);
        Assert.Equal(5L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE state = 'pending'"));

        // A slot frees when a call ends; the next claim takes exactly one.
        await Services.Get<OutcomeRecorder>().RecordEndAsync(first[0].CallId, first[0].Attempt, "-ERR CALL_REJECTED", default);
        Assert.Single((await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items));
    }

    [Fact]
    public async Task Tenants_at_their_limit_and_trial_tenants_behind_a_full_trunk_are_not_visited_until_a_slot_frees()
    {
        var pro = await Services.TenantAsync(AccountType.Pro);
        await Services.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("601548732121", "secret", "sip1.example"), default);
        await Database.ExecuteAsync("UPDATE users SET concurrency_limit = 2 WHERE id = $1", pro.Id);
        var one = await Services.TenantAsync(AccountType.Trial);
        var two = await Services.TenantAsync(AccountType.Trial);
        await StartedCampaignWith(pro, 4);
        await StartedCampaignWith(one, 4);
        await StartedCampaignWith(two, 4);
        var first = (await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items).ToList();
        Assert.Equal(5, first.Count); // the pro tenant's 2 and the trunk's 3

        // Everyone is full: a round visits nobody (no transaction, no row lock, last_claim_at untouched).
        var servedBefore = await LastClaimsAsync();
        Services.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(await Claimer.ClaimAsync(100, default));
        Assert.Equal(servedBefore, await LastClaimsAsync());

        // A slot frees on the trunk: the next round visits the trial tenants again and takes exactly one.
        var trial = first.First(i => i.TenantId != pro.Id);
        await Services.Get<OutcomeRecorder>().RecordEndAsync(trial.CallId, trial.Attempt, "-ERR CALL_REJECTED", default);
        Assert.Single((await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items), i => i.TenantId != pro.Id);
        var servedAfter = await LastClaimsAsync();
        Assert.Equal(servedBefore[pro.Id], servedAfter[pro.Id]); // still full: still not visited
        Assert.NotEqual(servedBefore[one.Id], servedAfter[one.Id]);
    }

    private async Task<Dictionary<long, DateTime?>> LastClaimsAsync()
    {
        var result = new Dictionary<long, DateTime?>();
        await using var command = Database.DataSource.CreateCommand("SELECT id, last_claim_at FROM users");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetDateTime(1);
        }

        return result;
    }

    [Fact]
    public async Task The_calling_window_is_applied_in_the_callees_local_time()
    {
        var tenant = await Services.TenantAsync(AccountType.Pro);
        await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig("u", "p", "sip.example"), default);
        var campaign = await Services.CampaignAsync(tenant.Id, window: CallingWindow.Default, timeZone: "Asia/Tokyo");
        // Malaysia (UTC+8), Los Angeles (UTC-8 in early March), and a UIFN number with no zone: the campaign's (Tokyo, UTC+9).
        await Services.ImportAsync(campaign, "+60123456789", "+16502530000", "+80012345678");
        await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);

        async Task<string[]> ClaimAt(int utcHour)
        {
            Services.Time.SetUtcNow(new DateTimeOffset(2026, 3, 2, utcHour, 0, 0, TimeSpan.Zero));
            var numbers = (await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items).Select(i => i.Number).OrderBy(n => n).ToArray();
            await Database.ExecuteAsync("UPDATE campaign_items SET state = 'pending' WHERE state = 'dialing'");
            return numbers;
        }

        Assert.Equal(["16502530000", "60123456789", "80012345678"], await ClaimAt(2));  // KL 10:00, LA 18:00, Tokyo 11:00
        Assert.Equal(["60123456789", "80012345678"], await ClaimAt(6));                 // LA 22:00: closed
        Assert.Equal(["60123456789"], await ClaimAt(12));                                // Tokyo 21:00: closed; KL 20:00
        Assert.Empty(await ClaimAt(14));                                                 // KL 22:00, LA 06:00, Tokyo 23:00
        Assert.Equal(["16502530000"], await ClaimAt(16));                                // LA 08:00
    }

    [Fact]
    public async Task A_window_that_spans_midnight_opens_at_night()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        var campaign = await Services.CampaignAsync(tenant.Id, window: new CallingWindow(new TimeOnly(22, 0), new TimeOnly(6, 0)));
        await Services.ImportAsync(campaign, "+60123456789");
        await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);

        Services.Time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero)); // 12:00 in Malaysia
        Assert.Empty(await Claimer.ClaimAsync(10, default));
        Services.Time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero)); // 23:00
        Assert.Single((await Claimer.ClaimAsync(10, default)).SelectMany(b => b.Items));
    }

    [Fact]
    public async Task Listed_numbers_paused_campaigns_inactive_tenants_and_future_retries_are_not_claimed()
    {
        var listed = await Services.TenantAsync(AccountType.Trial);
        var listedCampaign = await StartedCampaignWith(listed, 1);
        await Database.ExecuteAsync("INSERT INTO dnc_numbers (tenant_id, number) SELECT tenant_id, number FROM campaign_items WHERE campaign_id = $1", listedCampaign.Id);

        var paused = await Services.TenantAsync(AccountType.Trial);
        var pausedCampaign = await StartedCampaignWith(paused, 1);
        await Services.Get<CampaignService>().PauseAsync(paused.Id, pausedCampaign.Id, default);

        var inactive = await Services.TenantAsync(AccountType.Trial);
        await StartedCampaignWith(inactive, 1);
        await Services.Get<TenantService>().SetActiveAsync(inactive.Id, false, default);

        var later = await Services.TenantAsync(AccountType.Trial);
        var laterCampaign = await StartedCampaignWith(later, 1);
        await Database.ExecuteAsync("UPDATE campaign_items SET state = 'retry', next_attempt_at = $2 WHERE campaign_id = $1", laterCampaign.Id, Services.Time.GetUtcNow().AddMinutes(5));

        Assert.Empty(await Claimer.ClaimAsync(100, default));

        Services.Time.Advance(TimeSpan.FromMinutes(5));
        var due = (await Claimer.ClaimAsync(100, default)).SelectMany(b => b.Items).ToList();
        Assert.Equal(later.Id, Assert.Single(due).TenantId);
        Assert.Equal(1, due[0].Attempt);
    }

    [Fact]
    public async Task The_heartbeat_renews_leases_and_lapsed_leases_are_listed_for_the_rescuer()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        await StartedCampaignWith(tenant, 2);
        var registry = Services.Get<InstanceRegistry>();
        await registry.HeartbeatAsync(default);
        var claimed = (await Claimer.ClaimAsync(10, default)).SelectMany(b => b.Items).ToList();

        Services.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Equal(2, await registry.HeartbeatAsync(default));
        Services.Time.Advance(TimeSpan.FromSeconds(100));
        Assert.Empty(await registry.ExpiredLeasesAsync(10, default)); // renewed at +100 s, expires at +220 s
        Assert.Equal(["test-instance"], await registry.LiveInstancesAsync(default));

        Services.Time.Advance(TimeSpan.FromSeconds(30));
        var expired = await registry.ExpiredLeasesAsync(10, default);
        Assert.Equal(claimed.Select(c => c.CallId).Order(), expired.Select(e => e.CallId).Order());
        Assert.All(expired, e => Assert.Equal("test-instance", e.ClaimedBy));
        Assert.Equal(claimed.Single(c => c.CallId == expired[0].CallId).LegUuids, expired[0].LegUuids);
        Assert.Empty(await registry.LiveInstancesAsync(default));
    }

    private async Task<Campaign> StartedCampaignWith(Tenant tenant, int numbers)
    {
        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.ImportAsync(campaign, Seed.MalaysianMobiles(numbers, (int)tenant.Id * 1000).Select(n => "+" + n).ToArray());
        return await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
    }
}
