using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EslKit.Controller.Calls;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>
/// Tenant isolation on every tenant route (enumerated from the app's routing): tenant A naming tenant B's campaign,
/// call log or DNC number gets a 404 problem and nothing of B's changes; A's lists and exports show nothing of B's.
/// A route with a parameter this test does not know fails it, so a new route cannot skip the check.
/// </summary>
public sealed class TenantIsolationTests(PostgresCluster cluster) : ApiTest(cluster)
{
    private const string BNumber = "60123450001";
    private const string BDncNumber = "60123450009";

    [Fact]
    public async Task A_tenant_naming_another_tenants_objects_gets_404_on_every_route_and_changes_nothing()
    {
        var b = await SeedTenantBAsync();
        var (_, aKey) = await TenantAsync("trial", name: "tenant-a");
        long aCampaign = await CampaignAsync(aKey, "a-campaign");
        await UploadAsync(aKey, aCampaign, "+60129990001");
        var values = new Dictionary<string, string>
        {
            ["campaignId"] = b.CampaignId.ToString(CultureInfo.InvariantCulture),
            ["callId"] = b.CallId.ToString("D"),
            ["attempt"] = "1",
            ["number"] = "+" + BDncNumber,
        };
        string before = await TenantSnapshotAsync(b.Id);
        var tenantRoutes = ApiRoute.All(App).Where(r => !r.IsAdmin).ToList();
        Assert.True(tenantRoutes.Count >= 15, "the route table looks empty");

        foreach (var route in tenantRoutes)
        {
            var unknown = route.Parameters.Where(p => !values.ContainsKey(p)).ToList();
            Assert.True(unknown.Count == 0, $"{route} has parameter(s) {string.Join(", ", unknown)} this test does not know: give it another tenant's value here.");
            using var request = SampleRequests.For(route, route.Path(values));
            var response = await App.Client(aKey).SendAsync(request);
            if (route.Parameters.Count > 0)
            {
                await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:eslkit:problem:not-found");
            }
            else
            {
                string body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {body}");
                foreach (string marker in b.Markers)
                {
                    Assert.DoesNotContain(marker, body, StringComparison.Ordinal);
                }
            }

            Assert.True(before == await TenantSnapshotAsync(b.Id), $"{route} changed tenant B's data");
        }
    }

    [Fact]
    public async Task Filtering_by_another_tenants_campaign_finds_nothing()
    {
        var b = await SeedTenantBAsync();
        var (_, aKey) = await TenantAsync("trial");
        var client = App.Client(aKey);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/call-logs?campaignId={b.CampaignId}");
        string csv = await client.GetStringAsync($"/api/call-logs/export?campaignId={b.CampaignId}");

        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Single(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // the header only
        var own = await App.Client(b.Key).GetFromJsonAsync<JsonElement>($"/api/call-logs?campaignId={b.CampaignId}");
        Assert.Equal(1, own.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Every_admin_route_naming_an_unknown_tenant_gets_404_and_writes_nothing()
    {
        var values = new Dictionary<string, string> { ["tenantId"] = "987654321" };
        string before = await SnapshotAsync();

        foreach (var route in ApiRoute.All(App).Where(r => r.IsAdmin && r.Parameters.Count > 0))
        {
            Assert.Equal(["tenantId"], route.Parameters);
            using var request = SampleRequests.For(route, route.Path(values));
            var response = await Admin.SendAsync(request);
            await AssertProblemAsync(response, HttpStatusCode.NotFound, "urn:eslkit:problem:not-found");
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    private async Task<TenantB> SeedTenantBAsync()
    {
        var (id, key) = await TenantAsync("pro", name: "tenant-b-secretive");
        var sip = await Admin.PutAsJsonAsync($"/api/admin/tenants/{id}/sip", new { sipUsername = "601548732121", sipPassword = HostilePassword, sipProxyPrimary = "sip.example" });
        Assert.Equal(HttpStatusCode.OK, sip.StatusCode);
        long campaignId = await CampaignAsync(key, "b-campaign-secretive");
        await UploadAsync(key, campaignId, "+" + BNumber, "+60123450002");
        Assert.Equal(HttpStatusCode.OK, (await App.Client(key).PostAsJsonAsync("/api/dnc", new { numbers = new[] { "+" + BDncNumber } })).StatusCode);
        var callId = Guid.NewGuid();
        var logs = App.Get<CallLogStore>();
        var now = DateTimeOffset.UtcNow;
        await logs.RecordStartAsync(new CallStart(callId, 1, id, campaignId, null, BNumber, AccountType.Pro, "pro 601548732121@sip.example", "fs1", now), default);
        await logs.RecordEndAsync(new CallEnd(callId, 1, Guid.NewGuid(), now, now.AddSeconds(30), 30, 28, "NORMAL_CLEARING", "200", "fs1"), default);
        return new TenantB(id, key, campaignId, callId, ["tenant-b-secretive", "b-campaign-secretive", BNumber, BDncNumber, callId.ToString("D"), HostilePassword]);
    }

    private Task<string> TenantSnapshotAsync(long tenantId) => Database.ScalarAsync<string>(
        """
        SELECT (SELECT count(*) || ':' || coalesce(sum(hashtext(name || account_type || active || concurrency_limit || coalesce(api_key_prefix, ''))), 0) FROM users WHERE id = $1)
            || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(sip_username || encode(sip_password_ciphertext, 'hex'))), 0) FROM phone_config WHERE tenant_id = $1)
            || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(name || state)), 0) FROM campaigns WHERE tenant_id = $1)
            || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(number || state || coalesce(disposition, ''))), 0) FROM campaign_items WHERE tenant_id = $1)
            || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(number)), 0) FROM dnc_numbers WHERE tenant_id = $1)
            || ' ' || (SELECT count(*) || ':' || coalesce(sum(hashtext(call_id::text || attempt || coalesce(hangup_cause, ''))), 0) FROM call_logs WHERE tenant_id = $1)
        """,
        tenantId);

    private sealed record TenantB(long Id, string Key, long CampaignId, Guid CallId, string[] Markers);
}
