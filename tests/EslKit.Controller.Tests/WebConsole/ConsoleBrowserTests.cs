using System.Net;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Interactions;
using Xunit.Abstractions;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The console in a real headless Chromium against the real controller (Kestrel on 127.0.0.1, a real PostgreSQL, the
/// switch emulator as its node): the admin creates a pro tenant with the captures' hostile SIP password; the tenant
/// uploads a CSV with bad lines (shown before anything is saved), starts the campaign and watches its progress reach
/// 100 % on the same page (pushed, no reload), then opens a call's log, and keeps a do-not-call list; the admin watches
/// the nodes' health change live, and signing out in another tab ends that live view. Every page is audited with
/// axe-core (no serious or critical violation), signing in works with the keyboard alone, and the pages read on a
/// phone-sized window without sideways scrolling. The password is in no page source, no response of the run and no
/// log. Screenshots of the main pages go to TestResults/console-screenshots.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class ConsoleBrowserTests(PostgresCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private const string HostilePassword = "p,a}s{s'w\"o rd=^^x";
    private const string SipUser = "601548732123";
    private static readonly string[] Valid = ["+60121000101", "+60121000102", "+60121000103", "+60121000104", "+60121000105", "+60121000106"];

    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await cluster.CreateDatabaseAsync(true);

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Admin_creates_a_pro_tenant_and_the_tenant_uploads_starts_and_watches_its_campaign_finish_live()
    {
        await using var host = await ConsoleHost.StartAsync(_database!, fs =>
        {
            fs.Calls.AddHost("127.0.0.1:5090").AddAccount(SipUser, HostilePassword);
            fs.Calls.AddHost("127.0.0.1:5091").AddAccount(SipUser, HostilePassword);
            fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(2));
            fs.Calls.SetOutcome(Valid[1][1..], EslCallOutcome.Busy());
            fs.Calls.SetOutcome(Valid[4][1..], EslCallOutcome.NoAnswer());
        });
        using var browser = new Browser(host.BaseUrl);
        var audit = new AccessibilityAudit(browser);

        // Sign in as the admin with the keyboard alone: the first Tab reaches the skip link, shown when focused; it
        // moves focus to the content, whose first field is the key; Enter submits.
        browser.Go("/");
        browser.WaitForPath("/sign-in");
        browser.Screenshot("sign-in.png");
        audit.Check("sign-in");

        // The audit finds what it should: an unlabelled field and faint text put into the page are reported.
        browser.Driver.ExecuteScript("const m = document.querySelector('main'); m.append(document.createElement('input')); const p = document.createElement('p'); p.textContent = 'faint text'; p.style.color = '#c8c8c8'; m.append(p);");
        var probe = audit.Run("sign-in with faults").Select(v => $"{v.Id} ({v.Impact})").ToList();
        Assert.Contains("label (critical)", probe);
        Assert.Contains("color-contrast (serious)", probe);
        browser.Go("/sign-in");

        new Actions(browser.Driver).SendKeys(Keys.Tab).Perform();
        Assert.Equal("skip", browser.Driver.ExecuteScript("return document.activeElement.className;"));
        Assert.True(Convert.ToDouble(browser.Driver.ExecuteScript("return document.activeElement.getBoundingClientRect().left;"), System.Globalization.CultureInfo.InvariantCulture) >= 0, "the focused skip link is on screen");
        new Actions(browser.Driver).SendKeys(Keys.Enter).Perform();
        Assert.Equal("main", browser.Driver.ExecuteScript("return document.activeElement.id;"));
        new Actions(browser.Driver).SendKeys(Keys.Tab).SendKeys(host.App.AdminKey).SendKeys(Keys.Enter).Perform();
        browser.WaitForPath("/Tenants");
        audit.Check("tenants");

        // Create a pro tenant.
        browser.Type("#name", "Acme Pro");
        browser.SetValue("#account", "pro");
        browser.Type("#limit", "4");
        browser.Type("#rate", "0.25");
        browser.Click("form.card button[type=submit]");
        browser.Wait(d => d.Url.Contains("/Tenants/", StringComparison.Ordinal), "the tenant's page");
        browser.WaitForPath("/Tenants/");
        long tenantId = long.Parse(browser.Path.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);
        audit.Check("tenant settings");

        // The settings: to trial with a pro limit is refused next to the limit (nothing saved); then a new rate is saved.
        browser.SetValue("#account-type", "trial");
        browser.Click("#settings-form button[type=submit]");
        browser.Wait(d => d.FindElements(By.Id("concurrencyLimit-error")).Count == 1, "the limit's refusal");
        Assert.Contains("1 to 3 for a trial account", browser.Find("#concurrencyLimit-error").Text, StringComparison.Ordinal);
        Assert.Equal("true", browser.Find("#limit").GetAttribute("aria-invalid"));
        Assert.Equal("pro", (await host.App.Get<TenantService>().GetAsync(tenantId, default)).AccountType.ToText());
        browser.Screenshot("tenant-settings-refused.png");
        audit.Check("tenant settings, a refused limit");
        browser.SetValue("#account-type", "pro");
        browser.Type("#rate", "0.3");
        browser.Click("#settings-form button[type=submit]");
        browser.Wait(d => d.PageSource.Contains("Settings saved.", StringComparison.Ordinal), "the settings to be saved");
        Assert.Equal(0.3m, (await host.App.Get<TenantService>().GetAsync(tenantId, default)).PricePerMinute);

        // A refused password (a colon) is explained, not echoed.
        FillSip(browser, "colon:" + HostilePassword);
        browser.Wait(d => d.PageSource.Contains("was refused", StringComparison.Ordinal), "the refusal");
        Assert.Contains("cannot contain", browser.Find("#sip-error").Text, StringComparison.Ordinal);
        Assert.Equal("", browser.Find("#password").GetAttribute("value"));
        browser.Source();
        audit.Check("tenant settings, a refused SIP password");

        // The hostile password is saved exactly and shown only as "set".
        FillSip(browser, HostilePassword);
        browser.Wait(d => d.PageSource.Contains("SIP settings saved.", StringComparison.Ordinal), "the SIP settings to be saved");
        Assert.Contains("a password is set", browser.Find("#password-state").Text, StringComparison.Ordinal);
        Assert.Equal("", browser.Find("#password").GetAttribute("value"));
        Assert.Equal(HostilePassword, (await host.App.Get<PhoneConfigService>().FindAsync(tenantId, default))!.SipPassword);
        browser.Source();
        browser.Screenshot("tenant-settings.png");
        browser.Go("/Tenants");
        browser.Screenshot("tenants.png");

        // Issue the tenant's key, sign out, sign in as the tenant.
        browser.Go($"/Tenants/{tenantId}");
        browser.Click("form[action$='handler=IssueKey'] button");
        string tenantKey = browser.Find("#issued-key").Text;
        Assert.StartsWith("esk_", tenantKey, StringComparison.Ordinal);
        browser.Click(".sign-out button");
        browser.WaitForPath("/sign-in");
        browser.Type("#key", tenantKey);
        browser.Click("button[type=submit]");
        browser.WaitForPath("/Campaigns");
        audit.Check("campaigns");

        // A CSV with bad lines: shown with line and reason, nothing saved.
        string csv = Path.Combine(Path.GetTempPath(), $"eslkit-console-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "number\n" + Valid[0] + "\n12\n" + string.Join("\n", Valid[1..4]) + "\nnot-a-number\n" + Valid[4] + "\n" + Valid[5] + "\n");
        try
        {
            FillCampaign(browser, csv);
            browser.Wait(d => d.FindElements(By.CssSelector("#rejected-lines tbody tr")).Count == 2, "the rejected lines");
            var rejected = browser.Driver.FindElements(By.CssSelector("#rejected-lines tbody tr td:first-child")).Select(e => e.Text).ToList();
            Assert.Equal(["3", "7"], rejected);
            Assert.Equal(0L, await _database!.ScalarAsync<long>("SELECT count(*) FROM campaigns"));
            browser.Source();
            browser.Screenshot("campaign-rejected-lines.png");
            audit.Check("campaigns, rejected lines");

            // Leave them out: the campaign is created with the valid numbers.
            FillCampaign(browser, csv, skipInvalid: true);
            browser.Wait(d => new Uri(d.Url).AbsolutePath.StartsWith("/Campaigns/", StringComparison.Ordinal), "the campaign's page");
            browser.WaitForPath("/Campaigns/");
        }
        finally
        {
            File.Delete(csv);
        }

        Assert.Contains("6 number(s) to call", browser.Source(), StringComparison.Ordinal);
        long campaignId = long.Parse(browser.Path.Split('/')[2], System.Globalization.CultureInfo.InvariantCulture);

        // Start, and watch the same document reach 100 % from the feed.
        browser.Click("#start");
        browser.Wait(d => d.FindElement(By.Id("campaign-state")).Text is "running" or "completed", "the campaign to run");
        browser.Driver.ExecuteScript("window.eslkitMarker = 'same-document';");
        browser.Wait(d => d.FindElement(By.Id("active-calls")).Text != "0" || d.FindElement(By.Id("percent")).Text == "100", "calls in progress");
        browser.Screenshot("campaign-progress-running.png");
        audit.Check("campaign, running");
        browser.Wait(d => d.FindElement(By.Id("percent")).Text == "100" && d.FindElement(By.Id("progress")).GetAttribute("data-finished") == "true", "progress to reach 100 %", TimeSpan.FromMinutes(4));
        Assert.Equal("same-document", browser.Driver.ExecuteScript("return window.eslkitMarker;"));
        Assert.True(int.Parse(browser.Find("#progress").GetAttribute("data-updates")!, System.Globalization.CultureInfo.InvariantCulture) >= 2, "the view was updated by the feed");
        Assert.Equal("completed", browser.Find("#campaign-state").Text);
        Assert.False(browser.Find("#pause").Displayed || browser.Find("#cancel").Displayed || browser.Find("#start").Displayed, "a finished campaign offers no action");
        Assert.Equal("4", browser.Find("#by-state td[data-state='done']").Text);
        Assert.Equal("2", browser.Find("#by-state td[data-state='failed']").Text);
        browser.Source();
        browser.Screenshot("campaign-progress-done.png");
        audit.Check("campaign, done");

        // The call logs, then one call.
        browser.Go($"/Calls?campaign={campaignId}");
        browser.Wait(d => d.FindElements(By.CssSelector("#call-logs tbody tr")).Count >= 6, "the call logs");
        browser.Source();
        browser.Screenshot("call-logs.png");
        audit.Check("call logs");
        var answered = browser.Driver.FindElements(By.CssSelector("#call-logs tbody tr")).First(r => r.Text.Contains("answered", StringComparison.Ordinal) && !r.Text.Contains("unanswered", StringComparison.Ordinal));
        answered.FindElement(By.CssSelector("a")).Click();
        browser.WaitForPath("/Calls/");
        Assert.Equal("answered", browser.Find("#outcome").Text);
        Assert.Contains("pro", browser.Find("#route").Text, StringComparison.Ordinal);
        browser.Source();
        browser.Screenshot("call-detail.png");
        audit.Check("call detail");
        string callPath = browser.Path;

        browser.Go("/Charts");
        Assert.True(browser.Driver.FindElements(By.CssSelector("svg.chart")).Count >= 4);
        browser.Screenshot("charts.png");
        audit.Check("charts");

        // The do-not-call list: a bad line is shown with its line and reason and nothing is added; then it is added.
        browser.Go("/Dnc");
        audit.Check("do not call, empty");
        browser.Type("#numbers", "+60129000001\n12345\n+60129000002");
        browser.Click("form[action$='handler=Add'] button");
        browser.Wait(d => d.FindElements(By.CssSelector("#rejected-lines tbody tr")).Count == 1, "the rejected line");
        Assert.Equal("2", browser.Find("#rejected-lines tbody td").Text);
        Assert.Equal(0L, await _database!.ScalarAsync<long>("SELECT count(*) FROM dnc_numbers"));
        browser.Screenshot("dnc-rejected-lines.png");
        audit.Check("do not call, rejected lines");
        browser.Type("#numbers", "+60129000001\n+60129000002");
        browser.Click("form[action$='handler=Add'] button");
        browser.Wait(d => d.FindElements(By.CssSelector("#dnc-numbers tbody tr")).Count == 2, "the listed numbers");
        Assert.Contains("2 number(s) added", browser.Find(".notice").Text, StringComparison.Ordinal);
        browser.Screenshot("dnc.png");
        audit.Check("do not call, listed");
        browser.Click("#dnc-numbers tbody tr:first-child button");
        browser.Wait(d => d.FindElements(By.CssSelector("#dnc-numbers tbody tr")).Count == 1, "one number removed");
        Assert.Equal(1L, await _database!.ScalarAsync<long>("SELECT count(*) FROM dnc_numbers"));

        // The tenant cannot open the admin's pages, nor another tenant's campaign.
        var otherTenant = await host.App.Get<TenantService>().CreateAsync(new NewTenant("other", AccountType.Trial), default);
        var other = await host.App.Get<EslKit.Controller.Campaigns.CampaignService>().CreateAsync(new EslKit.Controller.Campaigns.NewCampaign(otherTenant.Id, "other's campaign"), default);
        using (var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = new Uri(host.BaseUrl) })
        {
            string cookie = "eslkit_console=" + browser.Driver.Manage().Cookies.GetCookieNamed("eslkit_console")!.Value;
            foreach (var (path, status) in new[] { ($"/Campaigns/{other.Id}", HttpStatusCode.NotFound), ($"/console-feed/campaigns/{other.Id}", HttpStatusCode.NotFound), ("/Tenants", HttpStatusCode.Forbidden), ($"/Tenants/{otherTenant.Id}", HttpStatusCode.Forbidden), ("/Nodes", HttpStatusCode.Forbidden) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Cookie", cookie);
                var response = await http.SendAsync(request);
                Assert.True(status == response.StatusCode, $"{path}: {(int)response.StatusCode}");
                AssertNoPassword(await response.Content.ReadAsStringAsync());
            }
        }

        browser.Go($"/Campaigns/{other.Id}");
        Assert.DoesNotContain("other's campaign", browser.Driver.PageSource, StringComparison.Ordinal);

        // The admin's nodes page.
        browser.Go("/Campaigns");
        browser.Click(".sign-out button");
        browser.WaitForPath("/sign-in");
        browser.Type("#key", host.App.AdminKey);
        browser.Click("button[type=submit]");
        browser.WaitForPath("/Tenants");
        browser.Go("/Nodes");
        Assert.Contains("connected", browser.Find("#nodes tbody tr").Text, StringComparison.Ordinal);
        browser.Screenshot("nodes.png");
        audit.Check("nodes");

        // Live: the gateway goes down and comes back; the same document shows both, and the health checks tick.
        browser.Driver.ExecuteScript("window.eslkitMarker = 'same-document';");
        string gatewayCell = "#nodes tr[data-node='fs1'] [data-field='gatewayState']";
        Assert.Equal("badge ok", browser.Find(gatewayCell).GetAttribute("class"));
        await host.Switch.Calls.SetGatewayDownAsync("trunk");
        browser.Wait(d => d.FindElement(By.CssSelector(gatewayCell)).GetAttribute("class") == "badge bad", "the gateway to show down");
        Assert.Contains("DOWN", browser.Find(gatewayCell).Text, StringComparison.Ordinal);
        browser.Screenshot("nodes-gateway-down.png");
        await host.Switch.Calls.SetGatewayUpAsync("trunk");
        browser.Wait(d => d.FindElement(By.CssSelector(gatewayCell)).GetAttribute("class") == "badge ok", "the gateway to show up again");
        string checkedAt = browser.Find("#nodes tr[data-node='fs1'] [data-field='checkedAt']").Text;
        browser.Wait(d => d.FindElement(By.CssSelector("#nodes tr[data-node='fs1'] [data-field='checkedAt']")).Text != checkedAt, "a newer health check");
        Assert.Equal("same-document", browser.Driver.ExecuteScript("return window.eslkitMarker;"));
        Assert.Equal("● live", browser.Find("#live-state").Text);

        // Signing out in another tab ends this tab's live view at once.
        string nodesTab = browser.Driver.CurrentWindowHandle;
        browser.Driver.SwitchTo().NewWindow(WindowType.Tab);
        browser.Go("/Tenants");
        browser.Click(".sign-out button");
        browser.WaitForPath("/sign-in");
        browser.Driver.SwitchTo().Window(nodesTab);
        browser.Wait(d => d.FindElement(By.Id("nodes-live")).GetAttribute("data-ended") == "signed-out", "the live view to end", TimeSpan.FromSeconds(60));
        Assert.Equal("signed out", browser.Find("#live-state").Text);
        Assert.Equal("same-document", browser.Driver.ExecuteScript("return window.eslkitMarker;"));

        // A phone-sized window: each page reads without sideways scrolling of the page itself (tables scroll in their box).
        browser.Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        SignIn(browser, host.App.AdminKey, "/Tenants");
        foreach (var (path, shot) in new[] { ($"/Tenants/{tenantId}", "tenant-settings-phone.png"), ("/Nodes", "nodes-phone.png") })
        {
            PhonePage(browser, audit, path, shot);
        }

        browser.Click(".sign-out button");
        SignIn(browser, tenantKey, "/Campaigns");
        foreach (var (path, shot) in new[] { ($"/Campaigns/{campaignId}", "campaign-phone.png"), ($"/Calls?campaign={campaignId}", "call-logs-phone.png"), (callPath, "call-detail-phone.png"), ("/Charts", "charts-phone.png"), ("/Dnc", "dnc-phone.png") })
        {
            PhonePage(browser, audit, path, shot);
        }

        // The password in no response of any page of either role, nor in the API's view of the SIP settings.
        using (var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(host.BaseUrl) })
        {
            string tenantCookie = "eslkit_console=" + browser.Driver.Manage().Cookies.GetCookieNamed("eslkit_console")!.Value;
            foreach (string path in new[] { "/Campaigns", $"/Campaigns/{campaignId}", "/Calls", callPath, "/Charts", "/Dnc", $"/console-export/call-logs?campaign={campaignId}" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Add("Cookie", tenantCookie);
                var response = await http.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
                AssertNoPassword(await response.Content.ReadAsStringAsync());
            }

            using var sip = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/tenants/{tenantId}/sip");
            sip.Headers.Add("X-Api-Key", host.App.AdminKey);
            var sipResponse = await http.SendAsync(sip);
            Assert.Equal(HttpStatusCode.OK, sipResponse.StatusCode);
            AssertNoPassword(await sipResponse.Content.ReadAsStringAsync());
        }

        foreach (string source in browser.Sources)
        {
            AssertNoPassword(source);
        }

        AssertNoPassword(string.Join("\n", host.App.Logs.Entries));
        foreach (string name in new[] { "sign-in.png", "tenants.png", "tenant-settings.png", "tenant-settings-refused.png", "campaign-rejected-lines.png", "campaign-progress-running.png", "campaign-progress-done.png", "call-logs.png", "call-detail.png", "charts.png", "dnc-rejected-lines.png", "dnc.png", "nodes.png", "nodes-gateway-down.png", "tenant-settings-phone.png", "nodes-phone.png", "campaign-phone.png", "call-logs-phone.png", "call-detail-phone.png", "charts-phone.png", "dnc-phone.png" })
        {
            Assert.True(new FileInfo(Path.Combine(Browser.ScreenshotFolder, name)).Length > 1000, name);
        }

        // Accessibility: every page audited, no serious or critical violation.
        output.WriteLine($"axe-core audited {audit.Pages.Count} page states: {string.Join(", ", audit.Pages)}");
        foreach (string line in audit.Serious.Concat(audit.Other))
        {
            output.WriteLine(line);
        }

        Assert.True(audit.Pages.Count >= 20, "every page was audited");
        Assert.True(audit.Serious.Count == 0, "serious or critical accessibility violations:\n" + string.Join("\n", audit.Serious));
    }

    private static void SignIn(Browser browser, string key, string landing)
    {
        browser.Go("/sign-in");
        browser.WaitForPath("/sign-in");
        browser.Type("#key", key);
        browser.Click("main button[type=submit]");
        browser.WaitForPath(landing);
    }

    private static void PhonePage(Browser browser, AccessibilityAudit audit, string path, string screenshot)
    {
        browser.Go(path);
        browser.WaitForPath(path.Split('?')[0]);
        long width = Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.clientWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        long scroll = Convert.ToInt64(browser.Driver.ExecuteScript("return document.documentElement.scrollWidth;"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(scroll <= width, $"{path} scrolls sideways on a phone: {scroll} > {width}");
        browser.Screenshot(screenshot);
        audit.Check(path + " (phone)");
    }

    private static void FillSip(Browser browser, string password)
    {
        browser.Type("#proxy1", "127.0.0.1:5091");
        browser.Type("#proxy2", "127.0.0.1:5090");
        browser.Type("#username", SipUser);
        browser.Type("#password", password);
        browser.Type("#callerid", "60387033446");
        browser.Click("form[action$='handler=Sip'] button");
    }

    private static void FillCampaign(Browser browser, string csv, bool skipInvalid = false)
    {
        browser.Type("#name", "Spring reminders");
        browser.SetValue("#start", "00:00");
        browser.SetValue("#end", "23:59");
        browser.Type("#attempts", "1");
        browser.Find("#file").SendKeys(csv);
        var skip = browser.Find("#skip");
        if (skip.Selected != skipInvalid)
        {
            skip.Click();
        }

        browser.Click("form.card button[type=submit]");
    }

    private static void AssertNoPassword(string text)
    {
        foreach (string form in new[] { HostilePassword, WebUtility.HtmlEncode(HostilePassword), System.Text.Encodings.Web.HtmlEncoder.Default.Encode(HostilePassword), Uri.EscapeDataString(HostilePassword), "colon:" })
        {
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }
    }
}
