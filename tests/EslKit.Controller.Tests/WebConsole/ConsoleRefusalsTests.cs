using System.Net;
using System.Text;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// What the console's pages refuse, and that a refusal writes nothing: a campaign whose import fails leaves no draft
/// behind, a value the form could not read is named (not replaced by a default or dropped from a filter), a post that
/// names no handler is 404, a date range with no day after it is 400; an unbilled call shows no cost; starting a pro
/// campaign checks its SIP settings exist without decrypting the password.
/// </summary>
public sealed class ConsoleRefusalsTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    [Fact]
    public async Task A_campaign_whose_import_fails_after_it_was_created_leaves_no_campaign()
    {
        var (tenantId, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);

        // The database refuses the numbers (as a failing COPY would), after the campaign row was written.
        await Database.ExecuteAsync("CREATE FUNCTION refuse_items() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no items today'; END $$");
        await Database.ExecuteAsync("CREATE TRIGGER refuse_items BEFORE INSERT ON campaign_items FOR EACH ROW EXECUTE FUNCTION refuse_items()");
        var failed = await PostCampaignAsync(tenant, "doomed", "+60121000001\n+60121000002");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE tenant_id = $1", tenantId));

        // The same submission once the database takes the numbers: created with them.
        await Database.ExecuteAsync("DROP TRIGGER refuse_items ON campaign_items");
        Assert.Equal(HttpStatusCode.Redirect, (await PostCampaignAsync(tenant, "doomed", "+60121000001\n+60121000002")).StatusCode);
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id WHERE c.tenant_id = $1", tenantId));
    }

    [Fact]
    public async Task Attempts_the_form_could_not_read_are_refused_by_name_not_replaced_by_the_default()
    {
        var (_, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);
        string before = await SnapshotAsync();

        var refused = await PostCampaignAsync(tenant, "unreadable", "+60121000001", maxAttempts: "three-ish"); // not hex: the page carries random hex ids ("abc" matched one)
        string page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("&#x27;maxAttempts&#x27; was refused: it is not in the accepted form.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("three-ish", page, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_post_that_names_no_handler_of_the_page_is_404_and_changes_nothing()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var call = await CallLogAsync(tenantId, campaign, "60121000001", answered: true, DateTimeOffset.UtcNow, billsec: 5);
        var tenant = await SignedInAsync(key);
        string before = await SnapshotAsync();

        foreach (string page in new[] { "/Dnc", $"/Campaigns/{campaign}", $"/Calls/{call:D}/1" })
        {
            foreach (string action in new[] { page, page + "?handler=Nonsense" })
            {
                // A valid token (antiforgery tokens are the session's, not the page's): the request reaches the page.
                var response = await tenant.PostFormAsync("/Dnc", action, new() { ["number"] = "60121000001", ["Pasted"] = "+60121000001" });
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {action}: {(int)response.StatusCode}");
            }
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("draft", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", campaign));
    }

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

    private static async Task<HttpResponseMessage> PostCampaignAsync(ConsoleClient client, string name, string pasted, string maxAttempts = "2")
    {
        string token = ConsoleClient.Token(await client.GetAsync("/Campaigns"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(name), "Input.Name" },
            { new StringContent("00:00"), "Input.WindowStart" },
            { new StringContent("23:59"), "Input.WindowEnd" },
            { new StringContent("Asia/Kuala_Lumpur"), "Input.TimeZone" },
            { new StringContent(maxAttempts), "Input.MaxAttempts" },
            { new StringContent(pasted, Encoding.UTF8), "Input.Numbers" },
        };
        return await client.Http.PostAsync("/Campaigns", form);
    }
}
