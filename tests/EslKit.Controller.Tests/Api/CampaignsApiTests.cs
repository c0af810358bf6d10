using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>Campaigns through the API: create, list, read, the state changes, progress, and the refusals (nothing written).</summary>
public sealed class CampaignsApiTests(PostgresCluster cluster) : ApiTest(cluster)
{
    [Fact]
    public async Task A_campaign_is_created_started_paused_resumed_cancelled_and_reports_progress()
    {
        var (_, key) = await TenantAsync("trial");
        var client = App.Client(key);
        var created = await client.PostAsJsonAsync("/api/campaigns", new
        {
            name = "spring",
            maxAttempts = 5,
            retryPolicy = new { busySeconds = 60 },
            window = new { start = "09:30", end = "18:00" },
            timeZone = "Asia/Singapore",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var campaign = await created.Content.ReadFromJsonAsync<JsonElement>();
        long id = campaign.GetProperty("id").GetInt64();
        Assert.Equal("draft", campaign.GetProperty("state").GetString());
        Assert.Equal(60, campaign.GetProperty("retryPolicy").GetProperty("busySeconds").GetInt32());
        Assert.Equal(900, campaign.GetProperty("retryPolicy").GetProperty("noAnswerSeconds").GetInt32());
        Assert.Equal("09:30", campaign.GetProperty("window").GetProperty("start").GetString());
        await UploadAsync(key, id, "+60123456789", "+60123456790");

        Assert.Equal("running", await StateAfterAsync(client, id, "start"));
        Assert.Equal("paused", await StateAfterAsync(client, id, "pause"));
        Assert.Equal("running", await StateAfterAsync(client, id, "resume"));
        Assert.Equal("cancelled", await StateAfterAsync(client, id, "cancel"));

        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/progress");
        Assert.Equal("cancelled", progress.GetProperty("state").GetString());
        Assert.Equal(2, progress.GetProperty("total").GetInt32());
        Assert.Equal(2, progress.GetProperty("byState").GetProperty("cancelled").GetInt32());
        Assert.Equal(0, progress.GetProperty("byState").GetProperty("pending").GetInt32());
        Assert.Equal(2, progress.GetProperty("byDisposition").GetProperty("cancelled").GetInt32());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/campaigns");
        Assert.Equal(["spring"], list.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task A_state_change_the_campaign_does_not_allow_is_a_409_problem_and_changes_nothing()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        var client = App.Client(key);
        string before = await SnapshotAsync();

        await AssertProblemAsync(await client.PostAsync($"/api/campaigns/{id}/pause", null), HttpStatusCode.Conflict, "urn:eslkit:problem:conflict");
        await AssertProblemAsync(await client.PostAsync($"/api/campaigns/{id}/resume", null), HttpStatusCode.Conflict, "urn:eslkit:problem:conflict");

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("cancelled", await StateAfterAsync(client, id, "cancel"));
        await AssertProblemAsync(await client.PostAsync($"/api/campaigns/{id}/start", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_pro_tenant_without_sip_settings_cannot_start_a_campaign_and_it_stays_a_draft()
    {
        var (tenantId, key) = await TenantAsync("pro");
        long id = await CampaignAsync(key);
        await UploadAsync(key, id, "+60123456789");
        string before = await SnapshotAsync();

        var response = await App.Client(key).PostAsync($"/api/campaigns/{id}/start", null);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Conflict, "urn:eslkit:problem:sip-configuration-required");
        Assert.StartsWith("Pro account requires SIP configuration", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());

        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/admin/tenants/{tenantId}/sip", new { sipUsername = "u", sipPassword = HostilePassword, sipProxyPrimary = "sip.example" })).StatusCode);
        Assert.Equal("running", await StateAfterAsync(App.Client(key), id, "start"));
    }

    [Theory]
    [InlineData("{}", HttpStatusCode.BadRequest, "name")]
    [InlineData("{\"name\":\"c\",\"maxAttempts\":0}", HttpStatusCode.BadRequest, "maxAttempts")]
    [InlineData("{\"name\":\"c\",\"timeZone\":\"Mars/Olympus\"}", HttpStatusCode.BadRequest, "timeZone")]
    [InlineData("{\"name\":\"c\",\"window\":{\"start\":\"8am\",\"end\":\"21:00\"}}", HttpStatusCode.BadRequest, "window.start")]
    [InlineData("{\"name\":\"c\",\"window\":{\"start\":\"08:00\",\"end\":\"08:00\"}}", HttpStatusCode.BadRequest, "window")]
    [InlineData("{\"name\":\"c\",\"retryPolicy\":{\"jitter\":0.9}}", HttpStatusCode.BadRequest, "retryPolicy.jitter")]
    [InlineData("{\"name\":\"c\",\"defaultRegion\":\"XX\"}", HttpStatusCode.BadRequest, "defaultRegion")]
    [InlineData("{\"name\":\"c\",\"callerId\":\"60312345678\"}", HttpStatusCode.UnprocessableEntity, "callerId")]
    public async Task A_refused_campaign_is_a_problem_naming_the_field_and_nothing_is_written(string body, HttpStatusCode status, string field)
    {
        var (_, key) = await TenantAsync("trial");
        string before = await SnapshotAsync();

        var response = await App.Client(key).PostAsync("/api/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(field, (await AssertProblemAsync(response, status)).GetProperty("field").GetString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("{\"name\":\"c\",")]
    [InlineData("{\"name\":\"c\",\"maxAttempts\":\"3\"}")]
    [InlineData("[\"name\"]")]
    public async Task Malformed_json_is_a_400_problem_and_nothing_is_written(string body)
    {
        var (_, key) = await TenantAsync("trial");
        string before = await SnapshotAsync();

        var response = await App.Client(key).PostAsync("/api/campaigns", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:eslkit:problem:malformed-body");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_caller_id_override_is_kept_for_a_tenant_that_may_override()
    {
        var (_, key) = await TenantAsync("pro", mayOverrideCallerId: true);

        var response = await App.Client(key).PostAsJsonAsync("/api/campaigns", new { name = "c", callerId = "+60312345678" });

        Assert.Equal("+60312345678", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("callerId").GetString());
    }

    private static async Task<string?> StateAfterAsync(HttpClient client, long id, string action)
    {
        var response = await client.PostAsync($"/api/campaigns/{id}/{action}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString();
    }

    [Fact]
    public async Task A_number_never_inside_the_window_is_reported_at_upload_and_counted_as_skipped_window_in_the_status()
    {
        var (_, key) = await TenantAsync("trial");
        var client = App.Client(key);
        var created = await client.PostAsJsonAsync("/api/campaigns", new { name = "office hours", window = new { start = "09:00", end = "17:00" } });
        long id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // A Russian mobile may be anywhere from UTC+2 to UTC+12: 09:00-17:00 is never open everywhere at once.
        var upload = await client.PostAsJsonAsync($"/api/campaigns/{id}/numbers", new { numbers = new[] { "+60123456789", "+79161234567" } });
        var report = await upload.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1, 0), (report.GetProperty("accepted").GetInt32(), report.GetProperty("outsideWindow").GetInt32(), report.GetProperty("doNotCall").GetInt32()));

        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{id}/progress");
        Assert.Equal(2, progress.GetProperty("total").GetInt32());
        Assert.Equal(1, progress.GetProperty("byState").GetProperty("skipped").GetInt32());
        Assert.Equal(1, progress.GetProperty("byState").GetProperty("pending").GetInt32());
        Assert.Equal(1, progress.GetProperty("byDisposition").GetProperty("window").GetInt32());
    }
}
