using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>The admin API: tenants, keys, SIP settings (password write-only) and system settings; refusals write nothing.</summary>
public sealed class AdminApiTests(PostgresCluster cluster) : ApiTest(cluster)
{
    [Fact]
    public async Task Tenants_are_created_listed_read_and_changed()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "acme", accountType = "pro", concurrencyLimit = 20, pricePerMinute = 0.2m, defaultRegion = "sg", mayOverrideCallerId = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tenant = await created.Content.ReadFromJsonAsync<JsonElement>();
        long id = tenant.GetProperty("id").GetInt64();
        Assert.Equal($"/api/admin/tenants/{id}", created.Headers.Location?.ToString());
        Assert.Equal("pro", tenant.GetProperty("accountType").GetString());
        Assert.Equal(20, tenant.GetProperty("concurrencyLimit").GetInt32());
        Assert.Equal("SG", tenant.GetProperty("defaultRegion").GetString());
        Assert.False(tenant.GetProperty("hasApiKey").GetBoolean());

        var changed = await Admin.PatchAsJsonAsync($"/api/admin/tenants/{id}", new { concurrencyLimit = 50, active = false });
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(50, after.GetProperty("concurrencyLimit").GetInt32());
        Assert.False(after.GetProperty("active").GetBoolean());

        var list = await Admin.GetFromJsonAsync<JsonElement>("/api/admin/tenants");
        Assert.Equal(["acme"], list.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(50, (await Admin.GetFromJsonAsync<JsonElement>($"/api/admin/tenants/{id}")).GetProperty("concurrencyLimit").GetInt32());
    }

    [Fact]
    public async Task A_tenants_account_type_and_price_change_together_and_a_refused_change_writes_nothing()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "grows", accountType = "pro", concurrencyLimit = 20, mayOverrideCallerId = true });
        long id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        // Pro to trial with a limit trial cannot have: refused by the limit, and nothing (not even the type) is written.
        string before = await SnapshotAsync();
        foreach (var (body, field) in new[]
        {
            ("{\"accountType\":\"trial\"}", "concurrencyLimit"),
            ("{\"accountType\":\"trial\",\"concurrencyLimit\":3,\"pricePerMinute\":-0.1}", "pricePerMinute"),
            ("{\"accountType\":\"trial\",\"concurrencyLimit\":3,\"pricePerMinute\":0.12345}", "pricePerMinute"),
            ("{\"accountType\":\"gold\",\"active\":false}", "accountType"),
        })
        {
            var refused = await Admin.PatchAsync($"/api/admin/tenants/{id}", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(field, (await AssertProblemAsync(refused, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
            Assert.Equal(before, await SnapshotAsync());
        }

        var changed = await Admin.PatchAsJsonAsync($"/api/admin/tenants/{id}", new { accountType = "trial", concurrencyLimit = 3, pricePerMinute = 0.1234m });
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("trial", after.GetProperty("accountType").GetString());
        Assert.Equal(3, after.GetProperty("concurrencyLimit").GetInt32());
        Assert.Equal(0.1234m, after.GetProperty("pricePerMinute").GetDecimal());
        Assert.False(after.GetProperty("mayOverrideCallerId").GetBoolean()); // trial uses the shared caller ID
        Assert.True(after.GetProperty("active").GetBoolean());

        var back = await (await Admin.PatchAsJsonAsync($"/api/admin/tenants/{id}", new { accountType = "pro" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("pro", 3, 0.1234m), (back.GetProperty("accountType").GetString(), back.GetProperty("concurrencyLimit").GetInt32(), back.GetProperty("pricePerMinute").GetDecimal()));
    }

    [Theory]
    [InlineData("{\"name\":\"x\",\"accountType\":\"gold\"}", HttpStatusCode.BadRequest, "accountType")]
    [InlineData("{\"accountType\":\"trial\"}", HttpStatusCode.BadRequest, "name")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"trial\",\"concurrencyLimit\":4}", HttpStatusCode.BadRequest, "concurrencyLimit")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"pro\",\"concurrencyLimit\":51}", HttpStatusCode.BadRequest, "concurrencyLimit")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"pro\",\"defaultRegion\":\"ZZ\"}", HttpStatusCode.BadRequest, "defaultRegion")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"trial\",\"mayOverrideCallerId\":true}", HttpStatusCode.UnprocessableEntity, "mayOverrideCallerId")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"pro\",\"pricePerMinute\":-1}", HttpStatusCode.BadRequest, "pricePerMinute")]
    public async Task A_refused_tenant_is_a_problem_naming_the_field_and_nothing_is_written(string body, HttpStatusCode status, string field)
    {
        string before = await SnapshotAsync();

        var response = await Admin.PostAsync("/api/admin/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await AssertProblemAsync(response, status);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("{\"name\":", "not JSON")]
    [InlineData("{\"name\":\"x\",\"accountType\":\"trial\",\"concurrencyLimit\":\"three\"}", "a wrong type")]
    [InlineData("", "no body")]
    [InlineData("null", "a null body")]
    public async Task A_body_that_cannot_be_read_is_a_400_problem_and_nothing_is_written(string body, string why)
    {
        string before = await SnapshotAsync();

        var response = await Admin.PostAsync("/api/admin/tenants", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, why);
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:eslkit:problem:malformed-body");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_taken_name_is_a_409_problem()
    {
        await TenantAsync("trial", name: "taken");
        string before = await SnapshotAsync();

        var response = await Admin.PostAsJsonAsync("/api/admin/tenants", new { name = "taken", accountType = "pro" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "urn:eslkit:problem:conflict");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task The_sip_password_is_write_only_masked_kept_when_left_out_and_stored_encrypted()
    {
        var (id, _) = await TenantAsync("pro");
        var saved = await Admin.PutAsJsonAsync($"/api/admin/tenants/{id}/sip", new
        {
            sipUsername = "601548732123",
            sipPassword = HostilePassword,
            sipProxyPrimary = "127.0.0.1:5091",
            sipProxySecondary = "127.0.0.1:5090",
            sipCallerId = "60387033446",
        });
        string savedBody = await saved.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var shown = await Admin.GetAsync($"/api/admin/tenants/{id}/sip");
        string shownBody = await shown.Content.ReadAsStringAsync();
        var config = JsonSerializer.Deserialize<JsonElement>(shownBody);
        Assert.Equal("********", config.GetProperty("sipPassword").GetString());
        Assert.True(config.GetProperty("passwordSet").GetBoolean());
        Assert.Equal("127.0.0.1:5090", config.GetProperty("sipProxySecondary").GetString());

        // Change the proxy without the password: the stored one stays.
        var changed = await Admin.PutAsJsonAsync($"/api/admin/tenants/{id}/sip", new { sipUsername = "601548732123", sipProxyPrimary = "sip.example" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var stored = await App.Get<PhoneConfigService>().FindAsync(id, default);
        Assert.Equal(HostilePassword, stored!.SipPassword);
        Assert.Equal("sip.example", stored.PrimaryProxy);
        Assert.Null(stored.SecondaryProxy);

        byte[] raw = await Database.ScalarAsync<byte[]>("SELECT sip_password_ciphertext FROM phone_config WHERE tenant_id = $1", id);
        Assert.DoesNotContain("w\"o rd", Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        foreach (string body in new[] { savedBody, shownBody, await changed.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("w\\u0022o rd", body, StringComparison.Ordinal);
            Assert.DoesNotContain("w\"o rd", body, StringComparison.Ordinal);
            Assert.DoesNotContain("^^x", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("pass:word", "sipPassword", "ColonInSipCredential")]
    [InlineData("back\\slash", "sipPassword", "CannotBeCarried")]
    [InlineData(" leading-blank", "sipPassword", "CannotBeCarried")]
    [InlineData("two'quo'tes", "sipPassword", "CannotBeCarried")]
    [InlineData("line\nbreak", "sipPassword", "CannotBeCarried")]
    [InlineData("${injected}", "sipPassword", "CannotBeCarried")]
    public async Task A_password_freeswitch_cannot_carry_is_refused_by_field_and_reason_without_the_value(string password, string field, string error)
    {
        var (id, _) = await TenantAsync("pro");
        string before = await SnapshotAsync();

        var response = await Admin.PutAsJsonAsync($"/api/admin/tenants/{id}/sip", new { sipUsername = "601548732123", sipPassword = password, sipProxyPrimary = "sip.example" });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:eslkit:problem:invalid-input");
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(error, problem.GetProperty("error").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        string raw = problem.GetRawText();
        Assert.DoesNotContain(JsonSerializer.Serialize(password)[1..^1], raw, StringComparison.Ordinal);
        Assert.DoesNotContain(password, raw, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
        Assert.DoesNotContain(App.Logs.Entries, e => e.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sip_settings_are_for_pro_tenants_and_need_a_password_the_first_time()
    {
        var (trial, _) = await TenantAsync("trial");
        var (pro, _) = await TenantAsync("pro");
        string before = await SnapshotAsync();

        var onTrial = await Admin.PutAsJsonAsync($"/api/admin/tenants/{trial}/sip", new { sipUsername = "u", sipPassword = "p", sipProxyPrimary = "sip.example" });
        var noPassword = await Admin.PutAsJsonAsync($"/api/admin/tenants/{pro}/sip", new { sipUsername = "u", sipProxyPrimary = "sip.example" });
        var badProxy = await Admin.PutAsJsonAsync($"/api/admin/tenants/{pro}/sip", new { sipUsername = "u", sipPassword = "p", sipProxyPrimary = "sip example;evil" });

        await AssertProblemAsync(onTrial, HttpStatusCode.UnprocessableEntity, "urn:eslkit:problem:not-allowed");
        Assert.Equal("sipPassword", (await AssertProblemAsync(noPassword, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("sipProxyPrimary", (await AssertProblemAsync(badProxy, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await AssertProblemAsync(await Admin.GetAsync($"/api/admin/tenants/{pro}/sip"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Admin.DeleteAsync($"/api/admin/tenants/{pro}/sip"), HttpStatusCode.NotFound);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Sip_settings_can_be_removed()
    {
        var (id, _) = await TenantAsync("pro");
        Assert.Equal(HttpStatusCode.OK, (await Admin.PutAsJsonAsync($"/api/admin/tenants/{id}/sip", new { sipUsername = "u", sipPassword = "p", sipProxyPrimary = "sip.example" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/tenants/{id}/sip")).StatusCode);

        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM phone_config"));
    }

    [Fact]
    public async Task System_settings_are_read_and_replaced_all_at_once()
    {
        var current = await Admin.GetFromJsonAsync<JsonElement>("/api/admin/settings");
        Assert.Equal(0.15m, current.GetProperty("pricePerMinute").GetDecimal());
        string before = await SnapshotAsync();

        var partial = await Admin.PutAsJsonAsync("/api/admin/settings", new { pricePerMinute = 0.2m });
        Assert.Equal("trialCostPerMinute", (await AssertProblemAsync(partial, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        var negative = await Admin.PutAsJsonAsync("/api/admin/settings", new { pricePerMinute = -0.2m, trialCostPerMinute = 0.01m, aiCostPerMinute = 0.05m, billingIncrementSeconds = 30 });
        Assert.Equal("pricePerMinute", (await AssertProblemAsync(negative, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal(before, await SnapshotAsync());

        var replaced = await Admin.PutAsJsonAsync("/api/admin/settings", new { pricePerMinute = 0.2m, trialCostPerMinute = 0.01m, aiCostPerMinute = 0.05m, billingIncrementSeconds = 30 });
        Assert.Equal(30, (await replaced.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("billingIncrementSeconds").GetInt32());
        Assert.Equal(0.2m, (await App.Get<SystemSettingsService>().GetAsync(default)).PricePerMinute);
    }

    [Fact]
    public async Task An_oversized_json_body_is_a_413_problem_and_nothing_is_written()
    {
        string before = await SnapshotAsync();
        string name = new('x', 2 * 1024 * 1024);

        var response = await Admin.PostAsync("/api/admin/tenants", new StringContent($"{{\"name\":\"{name}\",\"accountType\":\"trial\"}}", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "urn:eslkit:problem:too-large");
        Assert.Equal(before, await SnapshotAsync());
    }
}
