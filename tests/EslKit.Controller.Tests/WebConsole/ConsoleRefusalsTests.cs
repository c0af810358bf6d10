using System.Net;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// What the console's pages refuse, and that a refusal writes nothing: a call-log filter value that cannot be read is
/// named (not dropped from the filter), a date range with no day after it is 400; an unbilled call shows no cost;
/// starting a pro campaign checks its SIP settings exist without decrypting the password.
/// </summary>
public sealed class ConsoleRefusalsTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    [Fact]
    public async Task Call_log_filters_that_cannot_be_read_are_named_with_400_not_dropped()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        await CallLogAsync(tenantId, campaign, "60121000001", answered: true, DateTimeOffset.UtcNow, billsec: 5);
        var tenant = await SignedInAsync(key);
        Assert.Contains("+60121000001", await tenant.GetAsync("/Calls"), StringComparison.Ordinal);

        foreach (var (query, field) in new[] { ("from=2024-02-30", "from"), ("to=2024-13-01", "to"), ("campaign=x", "campaign") })
        {
            string page = await tenant.GetAsync("/Calls?" + query, HttpStatusCode.BadRequest);
            Assert.Contains($"&#x27;{field}&#x27; was refused: it is not in the accepted form.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("+60121000001", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_last_day_with_no_day_after_it_is_400_on_the_page_and_the_export()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        await CallLogAsync(tenantId, campaign, "60121000001", answered: true, DateTimeOffset.UtcNow, billsec: 5);
        var tenant = await SignedInAsync(key);

        foreach (string query in new[] { "to=9999-12-31", "from=2024-01-01&to=9999-12-31" })
        {
            string page = await tenant.GetAsync("/Calls?" + query, HttpStatusCode.BadRequest);
            Assert.Contains("&#x27;to&#x27; was refused: it is out of range (a day before 9999-12-31).", page, StringComparison.Ordinal);
            Assert.Contains("a day before 9999-12-31", await tenant.GetAsync("/console-export/call-logs?" + query, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        Assert.Contains("+60121000001", await tenant.GetAsync("/Calls?to=9999-12-30"), StringComparison.Ordinal);
        Assert.Contains("60121000001", await tenant.GetAsync("/console-export/call-logs?to=9999-12-30"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unbilled_call_shows_no_cost_and_a_billed_one_its_sum()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var now = DateTimeOffset.UtcNow;
        var unbilled = await CallLogAsync(tenantId, campaign, "60121000001", answered: false, now);
        await Database.ExecuteAsync("UPDATE call_logs SET telephony_cost = NULL, ai_cost = NULL, revenue = NULL WHERE call_id = $1", unbilled);
        var billed = await CallLogAsync(tenantId, campaign, "60121000002", answered: true, now.AddSeconds(-1), billsec: 30, cost: 0.008m, revenue: 0.15m);
        await Database.ExecuteAsync("UPDATE call_logs SET ai_cost = 0.002 WHERE call_id = $1", billed);

        string page = await (await SignedInAsync(key)).GetAsync("/Calls");
        AssertHas(page, "<td>+60121000001</td>", "call-logs");
        AssertHas(page, "<td>USER_BUSY</td><td>0</td><td></td><td></td></tr>", "60121000001");
        AssertHas(page, "<td>NORMAL_CLEARING</td><td>30</td><td>0.0100</td><td>0.1500</td></tr>", "60121000002");
    }

    [Fact]
    public async Task Starting_a_pro_campaign_checks_that_SIP_settings_exist_without_decrypting_the_password()
    {
        var (tenantId, key) = await TenantAsync("pro");
        await App.Get<PhoneConfigService>().SaveAsync(tenantId, new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", null, null), default);

        // A ciphertext that cannot be decrypted: only a start that never decrypts it succeeds.
        await Database.ExecuteAsync("UPDATE phone_config SET sip_password_ciphertext = '\\x00'::bytea WHERE tenant_id = $1", tenantId);
        long fromConsole = await CampaignAsync(key);
        var started = await (await SignedInAsync(key)).PostFormAsync($"/Campaigns/{fromConsole}", $"/Campaigns/{fromConsole}?handler=Start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("running", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", fromConsole));

        long fromApi = await CampaignAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(key).PostAsync($"/api/campaigns/{fromApi}/start", null)).StatusCode);
        Assert.Equal("running", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", fromApi));
    }
}
