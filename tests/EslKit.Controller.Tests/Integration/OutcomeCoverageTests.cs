using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// End to end (real PostgreSQL, the emulator over loopback, the dispatcher loop, the outbound session handler and
/// the hangup listener): a campaign whose numbers give every outcome of the captures ends with every item in its
/// right final state and attempts.
/// </summary>
public sealed class OutcomeCoverageTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const string Answered = "60121000001";
    private const string Busy = "60121000002";
    private const string NoAnswer = "60121000003";
    private const string Rejected = "60121000004";
    private const string Unallocated = "60121000005";

    [Fact]
    public async Task Every_outcome_ends_in_its_final_state_with_the_right_attempts()
    {
        await using var harness = await ControllerHarness.StartAsync(Database, new HarnessOptions
        {
            SwitchSessionsPerSecond = 1, // FreeSWITCH lets sps-1 through a second: every originate is throttled until raised below
            OriginateTimeoutSeconds = 2,
            ConfigureSwitch = fs =>
            {
                fs.Calls.SetOutcome(Answered, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
                fs.Calls.SetOutcome(Busy, EslCallOutcome.Busy());
                fs.Calls.SetOutcome(NoAnswer, EslCallOutcome.NoAnswer());
                fs.Calls.SetOutcome(Rejected, EslCallOutcome.Reject());
                fs.Calls.SetOutcome(Unallocated, EslCallOutcome.Unallocated());
            },
        });
        var services = harness.Get<CampaignService>();
        var tenant = await harness.Get<TenantService>().CreateAsync(new NewTenant("coverage", AccountType.Trial), default);
        var campaign = await services.CreateAsync(new NewCampaign(tenant.Id, "every outcome", MaxAttempts: 2, new RetryPolicy(1, 1, 1, 1, 0), new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
        await harness.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromList(["+" + Answered, "+" + Busy, "+" + NoAnswer, "+" + Rejected, "+" + Unallocated]), default);
        await services.StartAsync(tenant.Id, campaign.Id, default);

        // The node's throttle refuses the first calls; once one refusal is recorded, FreeSWITCH's limit is raised.
        await harness.WaitUntilAsync(async () => (await ItemRow.ListAsync(Database, campaign.Id)).Any(i => i.Disposition == "destination_out_of_order"), "a throttle refusal");
        Assert.StartsWith("+OK", await harness.Switch.ExecuteApiAsync("fsctl sps 100"));
        await harness.WaitUntilAsync(() => ItemRow.AllSettledAsync(Database, campaign.Id), "every item to settle");

        var items = (await ItemRow.ListAsync(Database, campaign.Id)).ToDictionary(i => i.Number);
        Assert.Equal(("done", "answered", 1), Final(items[Answered]));
        Assert.Equal(("failed", "user_busy", 2), Final(items[Busy]));
        Assert.Equal(("failed", "no_answer", 2), Final(items[NoAnswer]));
        Assert.Equal(("failed", "call_rejected", 1), Final(items[Rejected]));
        Assert.Equal(("failed", "unallocated_number", 1), Final(items[Unallocated]));

        // Refusals cost no attempt: each item's attempt counter is its counted attempts plus its refusals,
        // and every attempt has its call log with its cause.
        var refusedAttempts = await Database.ScalarAsync<long>(
            "SELECT count(*) FROM call_logs WHERE campaign_id = $1 AND hangup_cause = 'DESTINATION_OUT_OF_ORDER'", campaign.Id);
        Assert.True(refusedAttempts >= 1);
        Assert.Equal(items.Values.Sum(i => i.Attempt - i.AttemptsUsed), refusedAttempts);
        Assert.Equal(items.Values.Sum(i => i.Attempt), await Database.ScalarAsync<long>("SELECT count(*) FROM call_logs WHERE campaign_id = $1 AND ended_at IS NOT NULL", campaign.Id));
        Assert.Equal("completed", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", campaign.Id));

        // Nothing was dialled twice: every origination UUID reached the switch once.
        Assert.All(harness.Switch.Calls.DialsByUuid.Values, n => Assert.Equal(1, n));
        Assert.Equal(2, harness.Switch.Calls.DialsByNumber[Busy]);
        Assert.Equal(1, harness.Switch.Calls.DialsByNumber[Answered]);
    }

    private static (string State, string? Disposition, int AttemptsUsed) Final(ItemRow item) => (item.State, item.Disposition, item.AttemptsUsed);
}
