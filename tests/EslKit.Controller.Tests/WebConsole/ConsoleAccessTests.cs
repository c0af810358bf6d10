using System.Net;
using EslKit.Controller.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// Who may open what: sign-in with the API's keys, the session cookie's attributes, the pages of each role, antiforgery
/// on forms, a session ended when its key is replaced, and tenant isolation on every page, the feed and the export.
/// </summary>
public sealed class ConsoleAccessTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    [Fact]
    public async Task Sign_in_takes_the_admin_or_a_tenant_key_into_an_HttpOnly_SameSite_Strict_cookie_Secure_over_TLS()
    {
        var (_, tenantKey) = await TenantAsync("trial");

        var refused = await Anonymous().SignInAsync("esk_000000000000_not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain(refused.Headers.TryGetValues("Set-Cookie", out var none) ? none : [], c => c.StartsWith("eslkit_console=", StringComparison.Ordinal));
        Assert.DoesNotContain("not-a-key", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var admin = await Anonymous().SignInAsync(App.AdminKey);
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        string cookie = Assert.Single(admin.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eslkit_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("samesite=strict", "", StringComparison.OrdinalIgnoreCase), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(App.AdminKey, cookie, StringComparison.Ordinal);

        var tls = await Anonymous("https://localhost").SignInAsync(tenantKey);
        Assert.Equal(HttpStatusCode.Redirect, tls.StatusCode);
        string secure = Assert.Single(tls.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eslkit_console=", StringComparison.Ordinal));
        Assert.Contains("; secure", secure, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", secure, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Each_page_answers_only_its_role_and_strangers_are_sent_to_sign_in()
    {
        var (tenantId, tenantKey) = await TenantAsync("trial");
        var anonymous = Anonymous();
        foreach (string page in new[] { "/", "/Tenants", $"/Tenants/{tenantId}", "/Nodes", "/Campaigns", "/Calls", "/Charts" })
        {
            var response = await anonymous.Http.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/sign-in?ReturnUrl=", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/console-feed/campaigns/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.GetAsync("/console-export/call-logs")).StatusCode);

        var tenant = await SignedInAsync(tenantKey);
        foreach (string page in new[] { "/Tenants", $"/Tenants/{tenantId}", "/Nodes" })
        {
            await tenant.GetAsync(page, HttpStatusCode.Forbidden);
        }

        foreach (string page in new[] { "/Campaigns", "/Calls", "/Charts" })
        {
            await tenant.GetAsync(page);
        }

        var admin = await SignedInAsync(App.AdminKey);
        foreach (string page in new[] { "/Campaigns", "/Calls", "/Charts", "/console-feed/campaigns/1", "/console-export/call-logs" })
        {
            await admin.GetAsync(page, HttpStatusCode.Forbidden);
        }

        foreach (string page in new[] { "/Tenants", $"/Tenants/{tenantId}", "/Nodes" })
        {
            await admin.GetAsync(page);
        }

        // The API does not take the console's cookie: it wants a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.Http.GetAsync("/api/admin/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_tenant_gets_404_for_another_tenants_campaign_call_feed_and_actions_and_sees_none_of_its_calls()
    {
        var (bId, bKey) = await TenantAsync("trial", name: "tenant-b");
        long bCampaign = await CampaignAsync(bKey, "b-secret-campaign");
        await UploadAsync(bKey, bCampaign, "+60123450001");
        var bCall = await CallLogAsync(bId, bCampaign, "60123450001", answered: true, DateTimeOffset.UtcNow, billsec: 30);
        var (_, aKey) = await TenantAsync("trial", name: "tenant-a");
        var a = await SignedInAsync(aKey);

        await a.GetAsync($"/Campaigns/{bCampaign}", HttpStatusCode.NotFound);
        await a.GetAsync($"/Calls/{bCall:D}/1", HttpStatusCode.NotFound);
        await a.GetAsync($"/console-feed/campaigns/{bCampaign}", HttpStatusCode.NotFound);
        foreach (string handler in new[] { "Start", "Pause", "Resume", "Cancel" })
        {
            string token = ConsoleClient.Token(await a.GetAsync("/Campaigns"));
            var response = await a.Http.PostAsync($"/Campaigns/{bCampaign}?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        Assert.Equal("draft", await Database.ScalarAsync<string>("SELECT state FROM campaigns WHERE id = $1", bCampaign));
        foreach (string page in new[] { "/Campaigns", $"/Calls?campaign={bCampaign}", "/Calls", "/Charts" })
        {
            string body = await a.GetAsync(page);
            Assert.DoesNotContain("b-secret-campaign", body, StringComparison.Ordinal);
            Assert.DoesNotContain("60123450001", body, StringComparison.Ordinal);
        }

        string csv = await a.GetAsync($"/console-export/call-logs?campaign={bCampaign}");
        Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the header only

        // B sees its own.
        var b = await SignedInAsync(bKey);
        Assert.Contains("b-secret-campaign", await b.GetAsync($"/Campaigns/{bCampaign}"), StringComparison.Ordinal);
        Assert.Contains("+60123450001", await b.GetAsync($"/Calls/{bCall:D}/1"), StringComparison.Ordinal);
        string bCsv = await b.GetAsync($"/console-export/call-logs?campaign={bCampaign}");
        Assert.Contains(bCall.ToString("D"), bCsv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_form_needs_its_antiforgery_token_and_a_refused_post_writes_nothing()
    {
        var admin = await SignedInAsync(App.AdminKey);
        string before = await SnapshotAsync();
        var response = await admin.Http.PostAsync("/Tenants", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Name"] = "no-token", ["Input.AccountType"] = "trial", ["Input.DefaultRegion"] = "MY" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());

        // Sign-in and sign-out are forms too.
        var anonymous = Anonymous();
        var signIn = await anonymous.Http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = App.AdminKey }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        var signOut = await admin.Http.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        await admin.GetAsync("/Tenants");

        var created = await admin.PostFormAsync("/Tenants", "/Tenants", new() { ["Input.Name"] = "with-token", ["Input.AccountType"] = "trial", ["Input.DefaultRegion"] = "MY" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM users WHERE name = 'with-token'"));
    }

    [Fact]
    public async Task A_session_ends_when_its_key_is_replaced_or_its_tenant_deactivated_or_it_signs_out()
    {
        var (id, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);
        await tenant.GetAsync("/Campaigns");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/admin/tenants/{id}/api-key", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Http.GetAsync("/Campaigns")).StatusCode);

        string newKey = await (await Admin.PostAsync($"/api/admin/tenants/{id}/api-key", null)).Content.ReadAsStringAsync();
        newKey = System.Text.Json.JsonDocument.Parse(newKey).RootElement.GetProperty("apiKey").GetString()!;
        var again = await SignedInAsync(newKey);
        await again.GetAsync("/Campaigns");
        await Database.ExecuteAsync("UPDATE users SET active = false WHERE id = $1", id);
        Assert.Equal(HttpStatusCode.Redirect, (await again.Http.GetAsync("/Campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().SignInAsync(newKey)).StatusCode);

        var admin = await SignedInAsync(App.AdminKey);
        var signOut = await admin.PostFormAsync("/Tenants", "/sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.Http.GetAsync("/Tenants")).StatusCode);
    }

    [Fact]
    public async Task Console_pages_carry_a_strict_content_security_policy_and_are_not_cached()
    {
        var admin = await SignedInAsync(App.AdminKey);
        var response = await admin.Http.GetAsync("/Tenants");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));

        var css = await admin.Http.GetAsync("/console-assets/console.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        var js = await admin.Http.GetAsync("/console-assets/console.js");
        Assert.Contains("EventSource", await js.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_console_route_but_sign_in_sign_out_and_the_assets_needs_a_session()
    {
        string[] open = ["/sign-in", "/sign-out", "/console-assets/{name}"];
        string[] others = ["/api", "/health", "/metrics", "/openapi", "/reference", "/audio"]; // /audio: mod_audio_stream's WebSocket (docs/voice.md)
        var patterns = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !others.Any(o => p.StartsWith(o, StringComparison.OrdinalIgnoreCase)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(patterns.Count >= 12, "the console's route table looks empty: " + string.Join(", ", patterns));
        var anonymous = Anonymous();
        foreach (string pattern in patterns.Where(p => !open.Contains(p)))
        {
            string path = pattern
                .Replace("{id:long}", "1", StringComparison.Ordinal)
                .Replace("{campaignId:long}", "1", StringComparison.Ordinal)
                .Replace("{callId:guid}", Guid.NewGuid().ToString("D"), StringComparison.Ordinal)
                .Replace("{attempt:int}", "1", StringComparison.Ordinal);
            Assert.DoesNotContain("{", path, StringComparison.Ordinal);
            var response = await anonymous.Http.GetAsync(path);
            Assert.True(
                response.StatusCode == HttpStatusCode.Unauthorized
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.AbsolutePath == "/sign-in"),
                $"{pattern}: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }
}
