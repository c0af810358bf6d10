using System.Net;
using System.Text.Json;
using EslKit.Controller.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The console's live feeds last only as long as the session that opened them: signing out ends that session's feeds at
/// once (and its cookie is refused if replayed), a replaced key or a deactivated tenant ends them at the next interval;
/// another session's feeds go on. The Nodes feed is the admin's.
/// </summary>
public sealed class ConsoleFeedTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?> { ["Console:ProgressIntervalMilliseconds"] = "200" };

    [Fact]
    public async Task Signing_out_ends_that_sessions_feeds_at_once_and_its_cookie_is_refused_after_while_other_sessions_go_on()
    {
        var (_, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var (tenant, cookie) = await SignInWithCookieAsync(key);
        var (other, _) = await SignInWithCookieAsync(key);
        await using var feed = await FeedReader.OpenAsync(tenant.Http, $"/console-feed/campaigns/{campaign}");
        await using var otherFeed = await FeedReader.OpenAsync(other.Http, $"/console-feed/campaigns/{campaign}");
        await feed.WaitForAsync("progress", 2);
        Assert.Equal("draft", JsonDocument.Parse(feed.Events[0].Data).RootElement.GetProperty("state").GetString());

        var signedOut = await tenant.PostFormAsync("/Campaigns", "/sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("signed-out", FeedReader.ReasonOf(await feed.EndAsync()));

        // The other session of the same key is not affected.
        int before = otherFeed.Events.Count;
        await otherFeed.WaitForAsync("progress", before + 2);
        Assert.False(otherFeed.Ended);
        await other.GetAsync("/Campaigns");

        // The signed-out cookie, replayed, opens nothing.
        using var replay = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("/Campaigns")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.GetAsync($"/console-feed/campaigns/{campaign}")).StatusCode);
    }

    [Fact]
    public async Task A_feed_ends_when_its_key_is_replaced_or_its_tenant_deactivated()
    {
        var (id, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var (tenant, _) = await SignInWithCookieAsync(key);
        await using (var feed = await FeedReader.OpenAsync(tenant.Http, $"/console-feed/campaigns/{campaign}"))
        {
            await feed.WaitForAsync("progress");
            Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync($"/api/admin/tenants/{id}/api-key", null)).StatusCode);
            Assert.Equal("revoked", FeedReader.ReasonOf(await feed.EndAsync()));
        }

        string newKey = JsonDocument.Parse(await (await Admin.PostAsync($"/api/admin/tenants/{id}/api-key", null)).Content.ReadAsStringAsync()).RootElement.GetProperty("apiKey").GetString()!;
        var (again, _) = await SignInWithCookieAsync(newKey);
        await using (var feed = await FeedReader.OpenAsync(again.Http, $"/console-feed/campaigns/{campaign}"))
        {
            await feed.WaitForAsync("progress");
            var admin = await SignedInAsync(App.AdminKey);
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/Tenants/{id}", $"/Tenants/{id}?handler=Settings", new() { ["concurrencyLimit"] = "3" })).StatusCode);
            Assert.Equal("revoked", FeedReader.ReasonOf(await feed.EndAsync()));
        }
    }

    [Fact]
    public async Task The_nodes_feed_is_the_admins_and_ends_when_the_admin_signs_out()
    {
        var (_, key) = await TenantAsync("trial");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Anonymous().Http.GetAsync("/console-feed/nodes")).StatusCode);
        await (await SignedInAsync(key)).GetAsync("/console-feed/nodes", HttpStatusCode.Forbidden);

        var (admin, _) = await SignInWithCookieAsync(App.AdminKey);
        await using var feed = await FeedReader.OpenAsync(admin.Http, "/console-feed/nodes");
        await feed.WaitForAsync("nodes", 3);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(feed.Events[0].Data).RootElement.GetProperty("nodes").ValueKind);
        await admin.PostFormAsync("/Nodes", "/sign-out", []);
        Assert.Equal("signed-out", FeedReader.ReasonOf(await feed.EndAsync()));
    }

    // A browser-like client signed in with key, and its session cookie as a Cookie header.
    private async Task<(ConsoleClient Client, string Cookie)> SignInWithCookieAsync(string key)
    {
        var client = Anonymous();
        var response = await client.SignInAsync(key);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eslkit_console=", StringComparison.Ordinal));
        return (client, setCookie.Split(';')[0]);
    }
}
