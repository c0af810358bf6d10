using System.Buffers;
using System.Text;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EslKit.Controller.Tests.Campaigns.Dispatch;

public sealed class OutcomeTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private static readonly RetryPolicy Policy = new(BusySeconds: 300, NoAnswerSeconds: 900, FailureSeconds: 120, NodeRefusalSeconds: 5, Jitter: 0.2);

    private OutcomeRecorder Outcomes => Services.Get<OutcomeRecorder>();

    [Fact]
    public async Task A_busy_callee_is_retried_after_the_busy_wait_with_jitter_and_the_next_attempt_counts()
    {
        await Started(AccountType.Trial, maxAttempts: 3);
        var first = await ClaimOne();

        Assert.Equal(ItemState.Retry, await Outcomes.RecordEndAsync(first.CallId, first.Attempt, "-ERR USER_BUSY", default));

        var (state, attempt, used, next, disposition) = await Item(first.ItemId);
        Assert.Equal(("retry", 1, 1, "user_busy"), (state, attempt, used, disposition));
        Assert.InRange(next - Services.Time.GetUtcNow(), TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(360));

        Assert.Empty(await Services.Get<ItemClaimer>().ClaimAsync(10, default));
        Services.Time.SetUtcNow(next);
        var second = await ClaimOne();
        Assert.Equal((first.ItemId, 2), (second.ItemId, second.Attempt));
        Assert.Equal(2, (await Item(first.ItemId)).Used);
        Assert.NotEqual(first.LegUuids, second.LegUuids); // a new origination UUID per attempt
    }

    [Fact]
    public async Task The_nodes_throttle_refusal_is_retried_soon_without_spending_an_attempt()
    {
        await Started(AccountType.Trial, maxAttempts: 1);
        var first = await ClaimOne();

        Assert.Equal(ItemState.Retry, await Outcomes.RecordEndAsync(first.CallId, first.Attempt, "-ERR DESTINATION_OUT_OF_ORDER", default));

        var (state, attempt, used, next, _) = await Item(first.ItemId);
        Assert.Equal(("retry", 1, 0), (state, attempt, used));
        Assert.InRange(next - Services.Time.GetUtcNow(), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6));

        // With max_attempts 1 the number still gets its one real attempt.
        Services.Time.SetUtcNow(next);
        var second = await ClaimOne();
        Assert.Equal(2, second.Attempt);
        Assert.Equal(ItemState.Failed, await Outcomes.RecordEndAsync(second.CallId, second.Attempt, "NO_ANSWER", default));
        Assert.Equal(("failed", 2, 1, "no_answer"), Without(await Item(first.ItemId)));
    }

    [Fact]
    public async Task Final_causes_fail_at_once_and_retryable_ones_fail_when_attempts_run_out()
    {
        await Started(AccountType.Trial, maxAttempts: 2, numbers: 2);
        var items = (await Services.Get<ItemClaimer>().ClaimAsync(10, default)).SelectMany(b => b.Items).ToList();

        Assert.Equal(ItemState.Failed, await Outcomes.RecordEndAsync(items[0].CallId, 1, "-ERR UNALLOCATED_NUMBER", default));
        Assert.Equal(ItemState.Retry, await Outcomes.RecordEndAsync(items[1].CallId, 1, "NORMAL_TEMPORARY_FAILURE", default));
        Services.Time.Advance(TimeSpan.FromMinutes(3));
        var again = await ClaimOne();
        Assert.Equal(ItemState.Failed, await Outcomes.RecordEndAsync(again.CallId, 2, "NETWORK_OUT_OF_ORDER", default));

        Assert.Equal(("failed", 1, 1, "unallocated_number"), Without(await Item(items[0].ItemId)));
        Assert.Equal(("failed", 2, 2, "network_out_of_order"), Without(await Item(items[1].ItemId)));
    }

    [Fact]
    public async Task An_answered_call_ends_done_the_campaign_completes_and_late_duplicates_change_nothing()
    {
        var (tenant, campaign) = await Started(AccountType.Trial, maxAttempts: 3);
        var item = await ClaimOne();

        Assert.True(await Outcomes.MarkAnsweredAsync(item.CallId, item.Attempt, default));
        Assert.False(await Outcomes.MarkAnsweredAsync(item.CallId, item.Attempt, default));
        Assert.Equal(ItemState.Done, await Outcomes.RecordEndAsync(item.CallId, item.Attempt, "NORMAL_CLEARING", default));

        var before = await Item(item.ItemId);
        Assert.Null(await Outcomes.RecordEndAsync(item.CallId, item.Attempt, "USER_BUSY", default));
        Assert.Null(await Outcomes.RecordEndAsync(item.CallId, item.Attempt + 1, "NORMAL_CLEARING", default));
        Assert.False(await Outcomes.FailAsync(item.CallId, item.Attempt, "x", "y", default));
        Assert.Equal(before, await Item(item.ItemId));
        Assert.Equal(("done", 1, 1, "answered"), Without(before));

        var progress = await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(CampaignState.Completed, progress.State);
        Assert.Equal(1, progress.ByState[ItemState.Done]);
        Assert.Equal(1, progress.ByDisposition["answered"]);
    }

    [Fact]
    public async Task A_pro_tenant_without_sip_configuration_fails_its_items_and_nothing_is_dialled()
    {
        var (tenant, campaign) = await Started(AccountType.Pro, maxAttempts: 3, numbers: 3);

        var calls = await Services.Get<CallPreparer>().PrepareAsync(10, default);

        Assert.Empty(calls);
        var progress = await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(3, progress.ByState[ItemState.Failed]);
        Assert.Equal(3, progress.ByDisposition["no_sip_configuration"]);
        Assert.Equal(CampaignState.Completed, progress.State);
        Assert.Equal(3L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE error = 'Pro account requires SIP configuration'"));
        Assert.Contains(Services.Logs.Entries, e => e.Contains("cannot be routed: Pro account requires SIP configuration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Prepared_calls_carry_the_stored_uuids_attempt_and_our_variables()
    {
        var (tenant, campaign) = await Started(AccountType.Pro, maxAttempts: 3, numbers: 1);
        await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig("601548732121", "p,a}s{s'w\"o rd=^^x", "sip1.example", "sip2.example:5070"), default);

        var call = Assert.Single(await Services.Get<CallPreparer>().PrepareAsync(10, default));

        var writer = new ArrayBufferWriter<byte>();
        call.Route.Originate.WriteArgumentTo(writer);
        string argument = Encoding.UTF8.GetString(writer.WrittenSpan);
        Guid[] stored = await Database.ScalarAsync<Guid[]>("SELECT leg_uuids FROM campaign_items WHERE id = $1", call.Item.ItemId);
        Assert.Equal(
            $"<originate_timeout=30,eslkit_call_id={call.Item.CallId},eslkit_tenant={tenant.Id},eslkit_campaign={campaign.Id},eslkit_attempt=1," +
            "sip_auth_username=601548732121,sip_auth_password=p\\,a}s{s\\'w\"o\\srd=^^x>" +
            $"[origination_uuid={stored[0]},leg_timeout=10]sofia/external/{call.Item.Number}@sip1.example|[origination_uuid={stored[1]}]sofia/external/{call.Item.Number}@sip2.example:5070" +
            " &socket(127.0.0.1:8084\\sasync\\sfull)",
            argument);
        Assert.Equal("pro 601548732121@sip1.example | sip2.example:5070", call.Route.Description);
    }

    [Fact]
    public async Task A_stored_sip_setting_that_a_newer_rule_refuses_fails_the_items_without_blaming_the_numbers()
    {
        var (tenant, campaign) = await Started(AccountType.Pro, maxAttempts: 3, numbers: 2);
        await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig("601548732121", "fine", "sip.example"), default);
        // As if saved before the ':' rule existed: write a refused password straight into the row.
        var (keyId, ciphertext) = Services.Get<SecretProtector>().Protect("had:colon", $"phone_config:{tenant.Id}");
        await Database.ExecuteAsync("UPDATE phone_config SET sip_password_key_id = $2, sip_password_ciphertext = $3 WHERE tenant_id = $1", tenant.Id, keyId, ciphertext);

        Assert.Empty(await Services.Get<CallPreparer>().PrepareAsync(10, default));

        var progress = await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(2, progress.ByDisposition["sip_configuration_refused"]);
        Assert.Equal(2, progress.ByState[ItemState.Failed]);
        Assert.DoesNotContain(Services.Logs.Entries, e => e.Contains("had:colon", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cancelled_campaigns_retryable_attempt_is_cancelled_not_retried()
    {
        var (tenant, campaign) = await Started(AccountType.Trial, maxAttempts: 3);
        var item = await ClaimOne();
        await Services.Get<CampaignService>().CancelAsync(tenant.Id, campaign.Id, default);

        Assert.Equal(ItemState.Cancelled, await Outcomes.RecordEndAsync(item.CallId, item.Attempt, "USER_BUSY", default));
    }

    [Fact]
    public async Task Last_items_settling_at_the_same_moment_still_complete_the_campaign()
    {
        // Each round: a pro campaign of 8 items claimed at once, every end recorded at the same moment on its own
        // connection. The completion check runs after each commit, without a lock: the last to commit sees them all.
        for (int round = 0; round < 5; round++)
        {
            var tenant = await Services.TenantAsync(AccountType.Pro);
            await Services.Get<PhoneConfigService>().SaveAsync(tenant.Id, new PhoneConfig("601548732121", "secret", "sip1.example"), default);
            var campaign = await Services.CampaignAsync(tenant.Id, 1, policy: Policy);
            await Services.ImportAsync(campaign, Seed.MalaysianMobiles(8).Select(n => "+" + n).ToArray());
            await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
            var items = (await Services.Get<ItemClaimer>().ClaimForTenantAsync(tenant.Id, AccountType.Pro, 8, default))!.Items;
            Assert.Equal(8, items.Count);

            using var go = new ManualResetEventSlim();
            var ends = items.Select(i => Task.Run(async () =>
            {
                go.Wait();
                return await Outcomes.RecordEndAsync(i.CallId, i.Attempt, "NORMAL_CLEARING", answered: true, default);
            })).ToList();
            go.Set();
            Assert.All(await Task.WhenAll(ends), state => Assert.Equal(ItemState.Done, state));

            var progress = await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default);
            Assert.Equal(CampaignState.Completed, progress.State);
        }
    }

    [Fact]
    public async Task Recording_an_end_needs_one_connection_at_a_time_so_a_busy_pool_cannot_deadlock()
    {
        var (tenant, campaign) = await Started(AccountType.Trial, maxAttempts: 1);
        var item = await ClaimOne();

        // A pool of one: a recorder that held its connection while asking for a second would wait for itself (3 s, then fail).
        await using var single = ControllerDatabase.CreateDataSource(Database.ConnectionString + ";Maximum Pool Size=1;Timeout=3", NullLoggerFactory.Instance);
        var recorder = new OutcomeRecorder(single, Services.Time, NullLogger<OutcomeRecorder>.Instance);

        Assert.Equal(ItemState.Done, await recorder.RecordEndAsync(item.CallId, item.Attempt, "NORMAL_CLEARING", answered: true, default));
        Assert.Equal(CampaignState.Completed, (await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default)).State);
    }

    [Fact]
    public async Task The_sweep_completes_a_campaign_whose_last_item_settled_without_its_check()
    {
        var (tenant, campaign) = await Started(AccountType.Trial, maxAttempts: 1);
        // As a crash between the item's commit and the completion check would leave it.
        await Database.ExecuteAsync("UPDATE campaign_items SET state = 'done', disposition = 'answered' WHERE campaign_id = $1", campaign.Id);
        var running = await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default);
        Assert.Equal(CampaignState.Running, running.State);

        Assert.Equal(1, await CampaignCompletion.SweepAsync(Database.DataSource, Services.Time.GetUtcNow(), Services.Logs.CreateLogger("sweep"), default));
        Assert.Equal(CampaignState.Completed, (await Services.Get<CampaignService>().GetProgressAsync(tenant.Id, campaign.Id, default)).State);
        Assert.Equal(0, await CampaignCompletion.SweepAsync(Database.DataSource, Services.Time.GetUtcNow(), Services.Logs.CreateLogger("sweep"), default));
    }

    [Fact]
    public async Task The_completion_check_reads_only_the_unsettled_items_however_many_have_settled()
    {
        // It runs after every item settles: reading every settled item of the campaign made it the dearest statement
        // per call under load. Migration 0006's partial index makes it one probe.
        var (_, campaign) = await Started(AccountType.Trial, maxAttempts: 1, numbers: 3000);
        await Database.ExecuteAsync("UPDATE campaign_items SET state = 'failed' WHERE campaign_id = $1 AND id <> (SELECT max(id) FROM campaign_items WHERE campaign_id = $1)", campaign.Id);
        await Database.ExecuteAsync("VACUUM ANALYZE campaign_items");

        await using var explain = Database.DataSource.CreateCommand("EXPLAIN (ANALYZE, FORMAT TEXT) " + CampaignCompletion.CompleteSql);
        explain.Parameters.Add(new() { Value = campaign.Id });
        explain.Parameters.Add(new() { Value = Services.Time.GetUtcNow() });
        var plan = new StringBuilder();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.AppendLine(reader.GetString(0));
            }
        }

        string text = plan.ToString();
        Assert.Contains("campaign_items_unsettled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Rows Removed by Filter", text, StringComparison.Ordinal);
    }

    private static (string State, int Attempt, int Used, string? Disposition) Without((string State, int Attempt, int Used, DateTimeOffset Next, string? Disposition) item) =>
        (item.State, item.Attempt, item.Used, item.Disposition);

    private async Task<(Tenant Tenant, Campaign Campaign)> Started(AccountType type, int maxAttempts, int numbers = 1)
    {
        var tenant = await Services.TenantAsync(type);
        var campaign = await Services.CampaignAsync(tenant.Id, maxAttempts, policy: Policy);
        await Services.ImportAsync(campaign, Seed.MalaysianMobiles(numbers).Select(n => "+" + n).ToArray());
        await Services.Get<CampaignService>().StartAsync(tenant.Id, campaign.Id, default);
        return (tenant, campaign);
    }

    private async Task<ClaimedItem> ClaimOne() =>
        Assert.Single((await Services.Get<ItemClaimer>().ClaimAsync(1, default)).SelectMany(b => b.Items));

    private async Task<(string State, int Attempt, int Used, DateTimeOffset Next, string? Disposition)> Item(long id)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT state, attempt, attempts_used, next_attempt_at, disposition FROM campaign_items WHERE id = $1");
        command.Parameters.Add(new() { Value = id });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
    }
}
