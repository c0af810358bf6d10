using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api.Support;

/// <summary>
/// A test of the HTTP API: a fresh database (see <see cref="DatabaseTest"/>) and the controller app on it, with
/// helpers to create tenants, keys and campaigns through the API itself.
/// </summary>
public abstract class ApiTest(PostgresCluster cluster) : DatabaseTest(cluster), IAsyncLifetime
{
    /// <summary>The hostile SIP password of the captures (pro-failover): a comma, braces, a quote, a space, '=' and '^^'.</summary>
    protected const string HostilePassword = "p,a}s{s'w\"o rd=^^x";

    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ApiFactory? _app;

    /// <summary>Extra configuration for this class's app.</summary>
    internal virtual IDictionary<string, string?>? ApiSettings => null;

    internal ApiFactory App => _app ??= new ApiFactory(Database, ApiSettings);

    /// <summary>A client with the admin key.</summary>
    internal HttpClient Admin => App.Client(App.AdminKey);

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    // The app stops before the database is dropped.
    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await DisposeAsync();
    }

    /// <summary>Creates a tenant through the admin API, issues its key, and returns both.</summary>
    internal async Task<(long Id, string Key)> TenantAsync(string accountType = "trial", string? name = null, int? limit = null, bool mayOverrideCallerId = false)
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/tenants", new
        {
            name = name ?? $"tenant-{Guid.NewGuid():N}",
            accountType,
            concurrencyLimit = limit,
            mayOverrideCallerId,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        long id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var issued = await Admin.PostAsync($"/api/admin/tenants/{id}/api-key", null);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        return (id, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }

    /// <summary>Creates a draft campaign for the key's tenant (window: all day) and returns its id.</summary>
    internal async Task<long> CampaignAsync(string key, string? name = null)
    {
        var response = await App.Client(key).PostAsJsonAsync("/api/campaigns", new
        {
            name = name ?? $"campaign-{Guid.NewGuid():N}",
            window = new { start = "00:00", end = "23:59:59" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    /// <summary>Uploads numbers as JSON to the key's campaign and checks they were all accepted.</summary>
    internal async Task UploadAsync(string key, long campaignId, params string[] numbers)
    {
        var response = await App.Client(key).PostAsJsonAsync($"/api/campaigns/{campaignId}/numbers", new { numbers });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(numbers.Length, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
    }

    /// <summary>Asserts an RFC 9457 problem response with <paramref name="status"/> (and <paramref name="type"/> when given) and returns its body.</summary>
    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (type is not null)
        {
            Assert.Equal(type, problem.GetProperty("type").GetString());
        }

        return problem;
    }

    /// <summary>Row counts of every table the API writes, to prove a refused request wrote nothing.</summary>
    internal async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (string sql in new[]
        {
            "SELECT count(*) || ':' || coalesce(sum(hashtext(name || account_type || active || concurrency_limit || price_per_minute || coalesce(api_key_prefix, ''))), 0) FROM users",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(sip_username || encode(sip_password_ciphertext, 'hex') || sip_proxy_primary)), 0) FROM phone_config",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(name || state)), 0) FROM campaigns",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(number || state || coalesce(disposition, ''))), 0) FROM campaign_items",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(number)), 0) FROM dnc_numbers",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(call_id::text || attempt || coalesce(hangup_cause, ''))), 0) FROM call_logs",
            "SELECT count(*) || ':' || coalesce(sum(hashtext(price_per_minute::text || billing_increment_seconds)), 0) FROM system_settings",
        })
        {
            parts.Add(await Database.ScalarAsync<string>(sql));
        }

        return string.Join(" ", parts);
    }
}
