using System.Net;
using System.Net.Http.Json;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The tenant's do-not-call page, on the service behind the API's <c>/api/dnc</c>: bad lines listed with line and reason
/// and nothing added, numbers added (waiting items skipped as dnc), listed and removed, each tenant seeing only its own.
/// </summary>
public sealed class ConsoleDoNotCallTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    [Fact]
    public async Task Bad_lines_are_listed_and_nothing_added_then_numbers_are_added_listed_and_removed_as_through_the_API()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        await UploadAsync(key, campaign, "+60121000201", "+60121000202");
        var tenant = await SignedInAsync(key);
        Assert.Contains("The list is empty.", await tenant.GetAsync("/Dnc"), StringComparison.Ordinal);

        // Line 2 is too short, line 4 is not a number: listed by line with the reason, not repeated; nothing written.
        string before = await SnapshotAsync();
        var refused = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Add", new() { ["Pasted"] = "+60121000201\n12\n0121000203\nsecret-ish <text>\n" });
        string page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("2 line(s) are not valid numbers; nothing was added.", page, StringComparison.Ordinal);
        Assert.Matches("<tr><td>2</td><td>[^<]+</td></tr>", page);
        Assert.Matches("<tr><td>4</td><td>[^<]+</td></tr>", page);
        Assert.DoesNotContain("<td>12</td>", page, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());

        // A region the API would refuse is refused here by the same rule.
        var badRegion = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Add", new() { ["Pasted"] = "0121000203", ["Region"] = "ZZ" });
        Assert.Equal(HttpStatusCode.BadRequest, badRegion.StatusCode);
        Assert.Contains("&#x27;region&#x27; was refused", await badRegion.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Valid lines (the tenant's region for the national one): added; the waiting item for a listed number is skipped.
        var added = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Add", new() { ["Pasted"] = "+60121000201\n0121000203\n+60121000201" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        string list = await tenant.GetAsync("/Dnc");
        Assert.Contains("2 number(s) added (1 already listed or repeated)", list, StringComparison.Ordinal);
        Assert.Contains("<td>+60121000201</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td>+60121000203</td>", list, StringComparison.Ordinal);
        Assert.Equal("skipped/dnc", await Database.ScalarAsync<string>("SELECT state || '/' || disposition FROM campaign_items WHERE campaign_id = $1 AND number = '60121000201'", campaign));
        Assert.Equal("pending", await Database.ScalarAsync<string>("SELECT state FROM campaign_items WHERE campaign_id = $1 AND number = '60121000202'", campaign));

        // The API sees the same list.
        var api = await App.Client(key).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/dnc");
        Assert.Equal(["60121000201", "60121000203"], api.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));

        // Removed one by one; a number not listed is 404.
        var removed = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Remove", new() { ["number"] = "60121000203" });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal("60121000201", await Database.ScalarAsync<string>("SELECT string_agg(number, ',' ORDER BY number) FROM dnc_numbers WHERE tenant_id = $1", tenantId));
        var missing = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Remove", new() { ["number"] = "60121000203" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Another tenant sees none of it and removes nothing; the admin has no such page.
        var (_, otherKey) = await TenantAsync("trial");
        var other = await SignedInAsync(otherKey);
        Assert.DoesNotContain("60121000201", await other.GetAsync("/Dnc"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync("/Dnc", "/Dnc?handler=Remove", new() { ["number"] = "60121000201" })).StatusCode);
        Assert.Equal(1L, await Database.ScalarAsync<long>("SELECT count(*) FROM dnc_numbers WHERE tenant_id = $1", tenantId));
        var admin = await SignedInAsync(App.AdminKey);
        await admin.GetAsync("/Dnc", HttpStatusCode.Forbidden);
    }
}
