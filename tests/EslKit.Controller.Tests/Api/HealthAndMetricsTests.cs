using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Integration;
using EslKit.Controller.Tests.Support;
using EslKit.Testing;
using Npgsql;

namespace EslKit.Controller.Tests.Api;

/// <summary>
/// /health/live, /health/ready (the database and the FreeSWITCH nodes, as the dispatcher sees them) and /metrics
/// after a real campaign: the API app as Program composes it, with the switch emulator over loopback as its node.
/// </summary>
[Collection(MetricsGroup.Name)]
public sealed class HealthAndMetricsTests(PostgresCluster cluster) : ApiTest(cluster)
{
    private const string SwitchPassword = "Esl-Secret-7c1e";
    private const string Answered = "60123456781";
    private const string Unallocated = "60123456782";

    [Fact]
    public async Task Live_answers_without_a_key_and_ready_refuses_traffic_when_no_node_is_configured()
    {
        var client = App.Client(null);

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await live.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(body, "database").GetProperty("status").GetString());
        Assert.Equal("Unhealthy", Check(body, "nodes").GetProperty("status").GetString());
        Assert.Equal("No FreeSWITCH node is configured (Nodes).", Check(body, "nodes").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_is_healthy_with_the_node_ready_and_unhealthy_once_the_node_is_gone()
    {
        await using var fs = await StartSwitchAsync();
        await using var app = NodeApp(fs);
        var client = app.Client(null);

        var ready = await WaitForReadyAsync(client, HttpStatusCode.OK);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", Check(ready, "database").GetProperty("status").GetString());
        Assert.Equal("1 of 1 node(s) healthy: fs1 ready (gateway trunk REGED, headroom 200).", Check(ready, "nodes").GetProperty("description").GetString());

        await fs.DisposeAsync(); // the node goes away (disposing again at the end does nothing)

        var down = await WaitForReadyAsync(client, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", Check(down, "nodes").GetProperty("status").GetString());
        Assert.Equal("0 of 1 node(s) healthy: fs1 not connected.", Check(down, "nodes").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        string text = down.GetRawText();
        Assert.DoesNotContain(SwitchPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(fs.Port.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.DoesNotContain(SwitchPassword, string.Join("\n", app.Logs.Entries), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_is_unhealthy_while_the_nodes_gateway_is_not_registered()
    {
        await using var fs = await StartSwitchAsync(gateway: false);
        await using var app = NodeApp(fs);

        var ready = await WaitForReadyAsync(app.Client(null), HttpStatusCode.ServiceUnavailable, body => Check(body, "nodes").GetProperty("description").GetString()!.Contains("missing", StringComparison.Ordinal));

        Assert.Equal("0 of 1 node(s) healthy: fs1 gateway trunk missing.", Check(ready, "nodes").GetProperty("description").GetString());
        Assert.Equal("Healthy", Check(ready, "database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_is_unhealthy_while_the_database_refuses_connections_and_healthy_again_after()
    {
        await using var fs = await StartSwitchAsync();
        await using var app = NodeApp(fs);
        var client = app.Client(null);
        await WaitForReadyAsync(client, HttpStatusCode.OK);

        await AdminAsync($"ALTER DATABASE {Database.Name} ALLOW_CONNECTIONS false");
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database.Name}'");
        try
        {
            var down = await WaitForReadyAsync(client, HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", Check(down, "database").GetProperty("status").GetString());
            Assert.Equal("PostgreSQL does not answer.", Check(down, "database").GetProperty("description").GetString());
            Assert.Equal("Healthy", Check(down, "nodes").GetProperty("status").GetString());
            Assert.DoesNotContain(Database.Name, down.GetRawText(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE {Database.Name} ALLOW_CONNECTIONS true");
        }

        var back = await WaitForReadyAsync(client, HttpStatusCode.OK);
        Assert.Equal("Healthy", Check(back, "database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_fails_with_503_when_the_database_is_not_migrated()
    {
        Assert.Equal(HttpStatusCode.OK, (await App.Client(null).GetAsync("/health/live")).StatusCode); // started: migrated
        await Database.ExecuteAsync("DELETE FROM schema_migrations");

        var response = await App.Client(null).GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PostgreSQL answers but the schema is not migrated yet.", Check(body, "database").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Metrics_after_a_campaign_show_outcomes_active_calls_per_tenant_latency_failures_by_cause_and_esl_metrics_with_no_secret()
    {
        await using var fs = await StartSwitchAsync(configure: s =>
        {
            s.Calls.SetOutcome(Answered, EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromSeconds(4)));
            s.Calls.SetOutcome(Unallocated, EslCallOutcome.Unallocated());
        });
        await using var app = NodeApp(fs);
        var client = app.Client(null);
        await WaitForReadyAsync(client, HttpStatusCode.OK);
        var (tenantId, key) = await TenantAsync(app, "trial");
        var tenant = app.Client(key);
        var created = await tenant.PostAsJsonAsync("/api/campaigns", new { name = "metrics", window = new { start = "00:00", end = "23:59:59" } });
        long campaign = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await tenant.PostAsJsonAsync($"/api/campaigns/{campaign}/numbers", new { numbers = new[] { "+" + Answered, "+" + Unallocated } })).StatusCode);
        string tenantLabel = string.Create(CultureInfo.InvariantCulture, $"tenant_id=\"{tenantId}\"");
        await client.GetAsync("/api/me"); // refused: no key

        Assert.Equal(HttpStatusCode.OK, (await tenant.PostAsync($"/api/campaigns/{campaign}/start", null)).StatusCode);

        // While the answered call is up, the tenant's gauge counts it; once every item is final, it is back to 0.
        string during = await WaitForMetricsAsync(client, m => Sample(m, "eslkit_controller_tenant_calls_active", tenantLabel) >= 1, "the tenant's active call");
        Assert.InRange(Sample(during, "eslkit_controller_tenant_calls_active", tenantLabel)!.Value, 1, 2); // the other item may still be dialling
        await WaitAsync(() => ItemRow.AllSettledAsync(Database, campaign), "every item to settle");
        string metrics = await WaitForMetricsAsync(client, m => Sample(m, "eslkit_controller_tenant_calls_active", tenantLabel) == 0, "the tenant's gauge back to 0");

        // Calls by outcome, failures by cause, dispatch latency.
        Assert.Equal(1, Sample(metrics, "eslkit_controller_outcomes_total", "state=\"done\""));
        Assert.Equal(1, Sample(metrics, "eslkit_controller_outcomes_total", "state=\"failed\""));
        Assert.Equal(1, Sample(metrics, "eslkit_controller_originates_total", "node=\"fs1\"", "result=\"UNALLOCATED_NUMBER\""));
        Assert.Equal(1, Sample(metrics, "eslkit_controller_originates_total", "node=\"fs1\"", "result=\"ok\""));
        Assert.Equal(2, Sample(metrics, "eslkit_controller_originate_duration_seconds_count", "node=\"fs1\""));
        Assert.True(Sample(metrics, "eslkit_controller_claim_duration_seconds_count") >= 1);
        Assert.Equal(2, Sample(metrics, "eslkit_controller_items_claimed_total"));
        Assert.Equal(0, Sample(metrics, "eslkit_controller_calls_active", "node=\"fs1\""));
        Assert.Equal(2, Sample(metrics, "eslkit_controller_numbers_imported_total", "result=\"accepted\""));
        Assert.Equal(1, Sample(metrics, "eslkit_controller_api_keys_refused_total", "reason=\"missing\""));

        // The library's ESL metrics (the node's inbound client, the outbound session), ASP.NET Core's and the runtime's.
        foreach (string series in new[]
        {
            "eslkit_frames_received_total",
            "eslkit_command_duration_milliseconds_bucket",
            "http_server_request_duration_seconds_bucket",
            "aspnetcore_rate_limiting_requests_total",
            "dotnet_gc_heap_total_allocated_bytes_total",
            "http_route=\"/api/campaigns/{campaignId:long}/start\"",
        })
        {
            Assert.True(metrics.Contains(series, StringComparison.Ordinal), $"missing {series} in\n{metrics}");
        }

        foreach (string secret in new[] { key, app.AdminKey, SwitchPassword, Answered, Unallocated })
        {
            Assert.DoesNotContain(secret, metrics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Another_host_in_the_process_stopping_leaves_this_hosts_series_in_place()
    {
        // An older host (same meters by name, its own factory's instruments), up before this one and stopping while it runs.
        var other = new ApiFactory(Database, ApiSettings);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await other.Client(null).GetAsync("/health/live")).StatusCode);
            var (_, key) = await TenantAsync(App, "trial");
            var client = App.Client(null);
            Assert.Equal(HttpStatusCode.OK, (await App.Client(key).GetAsync("/api/me")).StatusCode);
            await WaitForMetricsAsync(client, m => m.Contains("http_route=\"/api/me\"", StringComparison.Ordinal), "this host's series");

            await other.DisposeAsync();

            // Before the fix this host's streams had been merged into the older host's instruments and ended with them:
            // ASP.NET Core's series (and the per-tenant gauge, made the same way) vanished here for good.
            Assert.Equal(HttpStatusCode.OK, (await App.Client(key).GetAsync("/api/me")).StatusCode);
            string after = await WaitForMetricsAsync(client, m => m.Contains("http_route=\"/api/me\"", StringComparison.Ordinal), "this host's series after the other stopped");
            Assert.Contains("http_server_request_duration_seconds_bucket", after, StringComparison.Ordinal);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    private static JsonElement Check(JsonElement report, string name) => report.GetProperty("checks").GetProperty(name);

    /// <summary>The value of the first sample of <paramref name="name"/> carrying every label, or null.</summary>
    private static double? Sample(string metrics, string name, params string[] labels)
    {
        foreach (string line in metrics.Split('\n'))
        {
            if ((line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                string value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static async Task<EslSwitchEmulator> StartSwitchAsync(bool gateway = true, Action<EslSwitchEmulator>? configure = null)
    {
        var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
        {
            Password = SwitchPassword,
            SessionsPerSecond = 100,
            MaxSessions = 500,
            HeartbeatInterval = TimeSpan.FromSeconds(2),
        });
        if (gateway)
        {
            fs.Calls.AddGateway("trunk");
        }

        configure?.Invoke(fs);
        return fs;
    }

    /// <summary>The API app with <paramref name="fs"/> as its only node; answered calls dial back a free loopback port.</summary>
    private ApiFactory NodeApp(EslSwitchEmulator fs)
    {
        string socketPort = FreePort();
        return new ApiFactory(Database, new Dictionary<string, string?>
        {
            ["Nodes:0:Name"] = "fs1",
            ["Nodes:0:Host"] = "127.0.0.1",
            ["Nodes:0:Port"] = fs.Port.ToString(CultureInfo.InvariantCulture),
            ["Nodes:0:Password"] = SwitchPassword,
            ["Nodes:0:CallsPerSecond"] = "20",
            ["Nodes:0:MaxSessions"] = "200",
            ["Routing:SocketHost"] = "127.0.0.1",
            ["Routing:SocketPort"] = socketPort,
            ["Outbound:Port"] = socketPort,
            ["Routing:OriginateTimeoutSeconds"] = "10",
            ["Dispatcher:IdlePollMilliseconds"] = "200",
            ["Dispatcher:HealthCheckSeconds"] = "1",
            ["Dispatcher:ShutdownGraceSeconds"] = "5",
            ["Outbound:ShutdownTimeout"] = "00:00:05",
            ["Api:ActiveCallsSampleSeconds"] = "0.2",
        });
    }

    private static async Task<(long Id, string Key)> TenantAsync(ApiFactory app, string accountType)
    {
        var admin = app.Client(app.AdminKey);
        var created = await admin.PostAsJsonAsync("/api/admin/tenants", new { name = $"tenant-{Guid.NewGuid():N}", accountType });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        long id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var issued = await admin.PostAsync($"/api/admin/tenants/{id}/api-key", null);
        return (id, (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!);
    }

    private static async Task<JsonElement> WaitForReadyAsync(HttpClient client, HttpStatusCode status, Func<JsonElement, bool>? also = null)
    {
        JsonElement last = default;
        HttpStatusCode lastStatus = 0;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var response = await client.GetAsync("/health/ready");
            lastStatus = response.StatusCode;
            last = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (lastStatus == status && (also is null || also(last)))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/health/ready never answered {(int)status}; last {(int)lastStatus}: {last.GetRawText()}");
    }

    private static async Task<string> WaitForMetricsAsync(HttpClient client, Func<string, bool> condition, string what)
    {
        string metrics = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            metrics = await client.GetStringAsync("/metrics");
            if (condition(metrics))
            {
                return metrics;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Timed out waiting for {what} in /metrics:\n{metrics}");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Cluster.Cluster.ConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
