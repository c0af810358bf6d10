using System.Net;
using System.Text;
using System.Net.Http.Json;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The console's forms use the API's services and rules: tenants, the write-only SIP password (hostile value kept
/// exactly, never shown; a refused one named, not echoed), and campaigns whose bad lines are shown before anything is
/// saved.
/// </summary>
public sealed class ConsoleFormsTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    private const string RefusedPassword = "colon:" + HostilePassword;

    [Fact]
    public async Task The_SIP_password_is_write_only_kept_exactly_and_never_shown_and_a_refused_one_is_not_echoed()
    {
        var admin = await SignedInAsync(App.AdminKey);
        var created = await admin.PostFormAsync("/Tenants", "/Tenants", new() { ["Input.Name"] = "pro-co", ["Input.AccountType"] = "pro", ["Input.ConcurrencyLimit"] = "7", ["Input.PricePerMinute"] = "0.2", ["Input.DefaultRegion"] = "MY" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        string page = created.Headers.Location!.ToString();
        long id = await Database.ScalarAsync<long>("SELECT id FROM users WHERE name = 'pro-co'");
        Assert.Equal($"/Tenants/{id}", page);
        Assert.Equal((7, 0.2m, "pro"), (await Database.ScalarAsync<int>("SELECT concurrency_limit FROM users WHERE id = $1", id), await Database.ScalarAsync<decimal>("SELECT price_per_minute FROM users WHERE id = $1", id), await Database.ScalarAsync<string>("SELECT account_type FROM users WHERE id = $1", id)));
        Assert.Contains("(no password set)", await admin.GetAsync(page), StringComparison.Ordinal);

        var sip = new Dictionary<string, string>
        {
            ["Sip.SipProxyPrimary"] = "127.0.0.1:5091",
            ["Sip.SipProxySecondary"] = "127.0.0.1:5090",
            ["Sip.SipUsername"] = "601548732123",
            ["Sip.SipPassword"] = HostilePassword,
            ["Sip.SipCallerId"] = "60387033446",
        };
        var saved = await admin.PostFormAsync(page, page + "?handler=Sip", sip);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await App.Get<PhoneConfigService>().FindAsync(id, default);
        Assert.Equal(new PhoneConfig("601548732123", HostilePassword, "127.0.0.1:5091", "127.0.0.1:5090", "60387033446"), stored);

        string shown = await admin.GetAsync(page);
        Assert.Contains("(a password is set: leave empty to keep it)", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"password\" name=\"Sip.SipPassword\" type=\"password\" autocomplete=\"new-password\" aria-describedby=\"password-state\">", shown, StringComparison.Ordinal);
        Assert.Contains("value=\"127.0.0.1:5091\"", shown, StringComparison.Ordinal);

        // Empty keeps it; a refused password is named with its reason and not echoed, and nothing changes.
        sip["Sip.SipPassword"] = "";
        sip["Sip.SipCallerId"] = "60387033447";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(page, page + "?handler=Sip", sip)).StatusCode);
        Assert.Equal(HostilePassword, (await App.Get<PhoneConfigService>().FindAsync(id, default))!.SipPassword);
        sip["Sip.SipPassword"] = RefusedPassword;
        var refused = await admin.PostFormAsync(page, page + "?handler=Sip", sip);
        string refusal = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("&#x27;sipPassword&#x27; was refused", refusal, StringComparison.Ordinal);
        Assert.Contains("cannot contain &#x27;:&#x27;", refusal, StringComparison.Ordinal);
        Assert.Equal(HostilePassword, (await App.Get<PhoneConfigService>().FindAsync(id, default))!.SipPassword);

        // Neither password in any page or in the logs, in any encoding a page could use.
        foreach (string body in new[] { shown, refusal, await admin.GetAsync(page), await admin.GetAsync("/Tenants") })
        {
            AssertNoPassword(body);
        }

        AssertNoPassword(string.Join("\n", App.Logs.Entries));
    }

    [Fact]
    public async Task Tenant_settings_follow_the_APIs_rules_and_a_refused_limit_changes_nothing()
    {
        var (id, _) = await TenantAsync("trial");
        var admin = await SignedInAsync(App.AdminKey);
        string page = $"/Tenants/{id}";
        var refused = await admin.PostFormAsync(page, page + "?handler=Settings", new() { ["active"] = "false", ["concurrencyLimit"] = "4" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("1 to 3 for a trial account", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await Database.ScalarAsync<bool>("SELECT active FROM users WHERE id = $1", id));

        var saved = await admin.PostFormAsync(page, page + "?handler=Settings", new() { ["concurrencyLimit"] = "2" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        string message = Assert.Single(saved.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eslkit_console_msg=", StringComparison.Ordinal));
        Assert.Contains("httponly", message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", message, StringComparison.OrdinalIgnoreCase);
        Assert.False(await Database.ScalarAsync<bool>("SELECT active FROM users WHERE id = $1", id));
        Assert.Equal(2, await Database.ScalarAsync<int>("SELECT concurrency_limit FROM users WHERE id = $1", id));
        Assert.Contains("Settings saved.", await admin.GetAsync(page), StringComparison.Ordinal);

        var issued = await admin.PostFormAsync(page, page + "?handler=IssueKey", []);
        string body = await issued.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        Assert.Contains("no-store", issued.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Matches("<output class=\"secret\" id=\"issued-key\">esk_[0-9a-f]{12}_[A-Za-z0-9_-]+</output>", body);
    }

    [Fact]
    public async Task The_settings_form_changes_account_type_limit_and_rate_with_the_APIs_rules_and_names_each_refused_field_without_its_value()
    {
        var (id, _) = await TenantAsync("pro", limit: 12);
        var admin = await SignedInAsync(App.AdminKey);
        string page = $"/Tenants/{id}";
        string before = await SnapshotAsync();

        // A rate that is not a number: named next to its field, its text not put back, nothing written.
        const string HostileRate = "<b>0.5</b>\"'";
        var unreadable = await admin.PostFormAsync(page, page + "?handler=Settings", new() { ["accountType"] = "pro", ["active"] = "true", ["concurrencyLimit"] = "12", ["pricePerMinute"] = HostileRate });
        string body = await unreadable.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        AssertHas(body, "<p class=\"error field-error\" id=\"pricePerMinute-error\">&#x27;pricePerMinute&#x27; was refused: it is not in the accepted form.</p>", "pricePerMinute-error");
        AssertHas(body, "aria-describedby=\"pricePerMinute-error\" aria-invalid=\"true\"", "id=\"rate\"");
        Assert.DoesNotContain("0.5", body, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());

        // Pro to trial keeping a pro limit: refused by the API's rule, named at the limit; the form keeps what was chosen.
        var refused = await admin.PostFormAsync(page, page + "?handler=Settings", new() { ["accountType"] = "trial", ["active"] = "true", ["concurrencyLimit"] = "12", ["pricePerMinute"] = "0.5" });
        body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        AssertHas(body, "id=\"concurrencyLimit-error\">&#x27;concurrencyLimit&#x27; was refused: it is out of range (1 to 3 for a trial account).</p>", "concurrencyLimit-error");
        AssertHas(body, "<option value=\"trial\" selected=\"selected\">", "account-type");
        Assert.DoesNotContain("id=\"pricePerMinute-error\"", body, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());

        // The API refuses the same change with the same words.
        var api = await Admin.PatchAsJsonAsync($"/api/admin/tenants/{id}", new { accountType = "trial", concurrencyLimit = 12 });
        Assert.Equal("'concurrencyLimit' was refused: it is out of range (1 to 3 for a trial account).", (await AssertProblemAsync(api, HttpStatusCode.BadRequest)).GetProperty("detail").GetString());

        var saved = await admin.PostFormAsync(page, page + "?handler=Settings", new() { ["accountType"] = "trial", ["concurrencyLimit"] = "3", ["pricePerMinute"] = "0.1234" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("trial|inactive|3|0.1234", await Database.ScalarAsync<string>("SELECT account_type || '|' || CASE WHEN active THEN 'active' ELSE 'inactive' END || '|' || concurrency_limit || '|' || price_per_minute FROM users WHERE id = $1", id));
        string shown = await admin.GetAsync(page);
        Assert.Contains("Settings saved.", shown, StringComparison.Ordinal);
        AssertHas(shown, "<option value=\"trial\" selected=\"selected\">", "account-type");
        AssertHas(shown, "value=\"0.1234\"", "id=\"rate\"");
        Assert.Contains("<td>0.1234</td>", await admin.GetAsync("/Tenants"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_campaigns_bad_lines_are_shown_with_line_and_reason_before_anything_is_saved()
    {
        var (tenantId, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);
        string csv = "number\n+60121000001\n12\n+60121000002\nnot a number\n+60121000003\n+60121000001\n";

        var shown = await PostCampaignAsync(tenant, "from-csv", csv, skipInvalid: false);
        string page = await shown.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, shown.StatusCode);
        Assert.Contains("2 line(s) are not valid numbers; nothing was saved.", page, StringComparison.Ordinal);
        Assert.Matches("<tr><td>3</td><td>[^<]+</td></tr>", page);
        Assert.Matches("<tr><td>5</td><td>[^<]+</td></tr>", page);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE tenant_id = $1", tenantId));

        var created = await PostCampaignAsync(tenant, "from-csv", csv, skipInvalid: true);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        long campaignId = await Database.ScalarAsync<long>("SELECT id FROM campaigns WHERE tenant_id = $1", tenantId);
        Assert.Equal($"/Campaigns/{campaignId}", created.Headers.Location!.ToString());
        Assert.Equal(3L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE campaign_id = $1", campaignId));
        string detail = await tenant.GetAsync($"/Campaigns/{campaignId}");
        Assert.Contains("3 number(s) to call, 1 duplicate(s) dropped, 0 on the do-not-call list, 0 never inside the calling window (skipped), 2 invalid line(s) left out.", detail, StringComparison.Ordinal);
        Assert.Contains("id=\"start\"", detail, StringComparison.Ordinal);

        // A pasted list, and a refused setting (a window that is not a time) saves nothing.
        var refused = await PostCampaignAsync(tenant, "pasted", null, skipInvalid: false, pasted: "+60121000009", windowStart: "8 o'clock");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("&#x27;windowStart&#x27; was refused", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaigns WHERE tenant_id = $1", tenantId));
        Assert.Equal(HttpStatusCode.Redirect, (await PostCampaignAsync(tenant, "pasted", null, skipInvalid: false, pasted: "+60121000009\n+60121000010")).StatusCode);
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items i JOIN campaigns c ON c.id = i.campaign_id WHERE c.name = 'pasted'"));
    }

    [Fact]
    public async Task A_pro_campaign_without_SIP_settings_stays_a_draft_with_the_reason_and_a_trial_one_starts_pauses_and_cancels()
    {
        var (_, proKey) = await TenantAsync("pro");
        long pro = await CampaignAsync(proKey);
        var proClient = await SignedInAsync(proKey);
        var refused = await proClient.PostFormAsync($"/Campaigns/{pro}", $"/Campaigns/{pro}?handler=Start", []);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Pro account requires SIP configuration", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("draft", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", pro));

        var (_, trialKey) = await TenantAsync("trial");
        long trial = await CampaignAsync(trialKey);
        var client = await SignedInAsync(trialKey);
        foreach (var (handler, state) in new[] { ("Start", "running"), ("Pause", "paused"), ("Resume", "running"), ("Cancel", "cancelled") })
        {
            var response = await client.PostFormAsync($"/Campaigns/{trial}", $"/Campaigns/{trial}?handler={handler}", []);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(state, await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", trial));
        }

        var again = await client.PostFormAsync($"/Campaigns/{trial}", $"/Campaigns/{trial}?handler=Start", []);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("cannot become running", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostCampaignAsync(ConsoleClient client, string name, string? csv, bool skipInvalid, string? pasted = null, string windowStart = "00:00")
    {
        string token = ConsoleClient.Token(await client.GetAsync("/Campaigns"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(name), "Input.Name" },
            { new StringContent(windowStart), "Input.WindowStart" },
            { new StringContent("23:59"), "Input.WindowEnd" },
            { new StringContent("Asia/Kuala_Lumpur"), "Input.TimeZone" },
            { new StringContent("2"), "Input.MaxAttempts" },
            { new StringContent(pasted ?? ""), "Input.Numbers" },
        };
        if (skipInvalid)
        {
            form.Add(new StringContent("true"), "Input.SkipInvalid");
        }

        if (csv is not null)
        {
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(file, "Input.File", "numbers.csv");
        }

        return await client.Http.PostAsync("/Campaigns", form);
    }

    private static void AssertNoPassword(string text)
    {
        foreach (string password in new[] { HostilePassword, RefusedPassword })
        {
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(System.Net.WebUtility.HtmlEncode(password), text, StringComparison.Ordinal);
            Assert.DoesNotContain(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(password), text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(password), text, StringComparison.Ordinal);
        }
    }
}
