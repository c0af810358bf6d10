using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>
/// Every route of the API (enumerated from the app's routing, so a new route is covered): no key or a wrong key is a
/// 401 problem and writes nothing; a key of the wrong kind is a 403 problem and writes nothing.
/// </summary>
public sealed class AuthenticationTests(PostgresCluster cluster) : ApiTest(cluster)
{
    [Fact]
    public async Task Every_route_refuses_a_missing_or_wrong_key_with_a_401_problem_and_writes_nothing()
    {
        var (tenantId, tenantKey) = await TenantAsync("trial");
        var values = await RouteValuesAsync(tenantId, tenantKey);
        string wrongSecret = tenantKey[..^1] + (tenantKey[^1] == 'A' ? 'B' : 'A');
        string[] wrongKeys = ["wrong", "esk_000000000000_" + new string('x', 43), wrongSecret, App.AdminKey + "x", new string('k', 300)];
        string before = await SnapshotAsync();
        var routes = ApiRoute.All(App);
        Assert.True(routes.Count >= 20, "the route table looks empty");

        foreach (var route in routes)
        {
            using var missing = SampleRequests.For(route, route.Path(values));
            var response = await App.Client(null).SendAsync(missing);
            var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "urn:eslkit:problem:unauthorized");
            Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Contains("required", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            foreach (string wrong in wrongKeys)
            {
                using var request = SampleRequests.For(route, route.Path(values));
                response = await App.Client(wrong).SendAsync(request);
                problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "urn:eslkit:problem:unauthorized");
                Assert.DoesNotContain(wrong, problem.GetRawText(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Tenant_keys_are_refused_on_admin_routes_and_the_admin_key_on_tenant_routes_with_403()
    {
        var (tenantId, tenantKey) = await TenantAsync("trial");
        var values = await RouteValuesAsync(tenantId, tenantKey);
        string before = await SnapshotAsync();

        foreach (var route in ApiRoute.All(App))
        {
            using var request = SampleRequests.For(route, route.Path(values));
            var response = await App.Client(route.IsAdmin ? tenantKey : App.AdminKey).SendAsync(request);
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "urn:eslkit:problem:forbidden");
        }

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_key_also_works_as_a_bearer_token()
    {
        var (_, tenantKey) = await TenantAsync("trial", name: "bearer-tenant");
        var client = App.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenantKey);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");

        Assert.Equal("bearer-tenant", me.GetProperty("name").GetString());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", App.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/admin/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_tenant_or_a_replaced_key_stops_working()
    {
        var (tenantId, firstKey) = await TenantAsync("trial");
        Assert.Equal(HttpStatusCode.OK, (await App.Client(firstKey).GetAsync("/api/me")).StatusCode);

        var reissued = await Admin.PostAsync($"/api/admin/tenants/{tenantId}/api-key", null);
        string secondKey = (await reissued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
        Assert.Equal("no-store", reissued.Headers.CacheControl?.ToString());
        await AssertProblemAsync(await App.Client(firstKey).GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(secondKey).GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Admin.PatchAsJsonAsync($"/api/admin/tenants/{tenantId}", new { active = false })).StatusCode);
        await AssertProblemAsync(await App.Client(secondKey).GetAsync("/api/me"), HttpStatusCode.Unauthorized);
    }

    /// <summary>Values for every route parameter: real objects of the tenant where one is needed.</summary>
    private async Task<Dictionary<string, string>> RouteValuesAsync(long tenantId, string tenantKey)
    {
        long campaignId = await CampaignAsync(tenantKey);
        return new Dictionary<string, string>
        {
            ["tenantId"] = tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["campaignId"] = campaignId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["number"] = "+60123456789",
            ["callId"] = Guid.NewGuid().ToString("D"),
            ["attempt"] = "1",
        };
    }
}
