using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EslKit.Controller.Calls;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;
using nietras.SeparatedValues;

namespace EslKit.Controller.Tests.Api;

/// <summary>Call logs through the API: filters, keyset paging that neither skips nor repeats, one attempt, and the CSV export.</summary>
public sealed class CallLogsApiTests(PostgresCluster cluster) : ApiTest(cluster)
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_without_skipping_or_repeating_even_as_calls_are_written()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var expected = new List<(Guid, int)>();
        for (int i = 0; i < 25; i++)
        {
            // Pairs of rows share a creation time: the call id and attempt break the tie.
            var id = Guid.NewGuid();
            await StartAsync(id, 1, tenantId, campaign, T0.AddSeconds(i / 2));
            expected.Add((id, 1));
        }

        var client = App.Client(key);
        var seen = new List<(Guid, int)>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/call-logs?limit=7" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => (r.GetProperty("callId").GetGuid(), r.GetProperty("attempt").GetInt32())));
            cursor = page.GetProperty("nextCursor").GetString();
            if (pages++ == 0)
            {
                await StartAsync(Guid.NewGuid(), 1, tenantId, campaign, T0.AddHours(1)); // newer than every page: not in this walk
            }
        }
        while (cursor is not null);

        Assert.Equal(4, pages);
        var order = await Database.ScalarAsync<string[]>(
            "SELECT array_agg(call_id::text ORDER BY created_at DESC, call_id DESC, attempt DESC) FROM call_logs WHERE created_at < $1",
            T0.AddHours(1));
        Assert.Equal(order, seen.Select(s => s.Item1.ToString("D")).ToArray());
        Assert.Equal(expected.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Filters_select_by_campaign_outcome_cause_and_time()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long first = await CampaignAsync(key);
        long second = await CampaignAsync(key);
        var answered = Guid.NewGuid();
        var busy = Guid.NewGuid();
        var ringing = Guid.NewGuid();
        var other = Guid.NewGuid();
        await StartAsync(answered, 1, tenantId, first, T0);
        await EndAsync(answered, 1, T0.AddSeconds(5), T0.AddSeconds(65), "NORMAL_CLEARING", 60);
        await StartAsync(busy, 2, tenantId, first, T0.AddMinutes(10));
        await EndAsync(busy, 2, null, T0.AddMinutes(10).AddSeconds(3), "USER_BUSY", 0);
        await StartAsync(ringing, 1, tenantId, first, T0.AddMinutes(20));
        await StartAsync(other, 1, tenantId, second, T0.AddMinutes(30));
        var client = App.Client(key);

        Assert.Equal([other, ringing, busy, answered], await IdsAsync(client, ""));
        Assert.Equal([ringing, busy, answered], await IdsAsync(client, $"campaignId={first}"));
        Assert.Equal([answered], await IdsAsync(client, "outcome=answered"));
        Assert.Equal([busy], await IdsAsync(client, "outcome=unanswered"));
        Assert.Equal([other, ringing], await IdsAsync(client, "outcome=in_progress"));
        Assert.Equal([busy], await IdsAsync(client, "hangupCause=USER_BUSY"));
        Assert.Equal([ringing, busy], await IdsAsync(client, "from=" + Uri.EscapeDataString(T0.AddMinutes(10).ToString("O")) + "&to=" + Uri.EscapeDataString(T0.AddMinutes(30).ToString("O"))));
        Assert.Equal([busy], await IdsAsync(client, "from=" + Uri.EscapeDataString("2026-03-02T10:10:00+08:00") + "&to=" + Uri.EscapeDataString("2026-03-02T10:15:00+08:00")));

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/call-logs/{answered}/1");
        Assert.Equal(60, one.GetProperty("billsec").GetInt32());
        Assert.Equal(0.15m, one.GetProperty("revenue").GetDecimal());
        Assert.Equal("trial via gateway trunk", one.GetProperty("route").GetString());
        await AssertProblemAsync(await client.GetAsync($"/api/call-logs/{answered}/2"), HttpStatusCode.NotFound, "urn:eslkit:problem:not-found");
    }

    [Theory]
    [InlineData("outcome=maybe", "outcome")]
    [InlineData("hangupCause=user busy", "hangupCause")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "to")]
    public async Task A_bad_filter_is_a_400_problem_naming_it(string query, string field)
    {
        var (_, key) = await TenantAsync("trial");

        var response = await App.Client(key).GetAsync("/api/call-logs?" + query);

        Assert.Equal(field, (await AssertProblemAsync(response, HttpStatusCode.BadRequest, "urn:eslkit:problem:invalid-input")).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("/api/call-logs?from=yesterday")]
    [InlineData("/api/call-logs?campaignId=abc")]
    [InlineData("/api/call-logs/export?limit=many")]
    public async Task A_query_value_of_the_wrong_type_is_a_400_problem(string path)
    {
        var (_, key) = await TenantAsync("trial");

        await AssertProblemAsync(await App.Client(key).GetAsync(path), HttpStatusCode.BadRequest, "urn:eslkit:problem:malformed-body");
    }

    [Fact]
    public async Task The_csv_export_holds_every_matching_row_in_the_same_order()
    {
        var (tenantId, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var ids = new List<Guid>();
        for (int i = 0; i < 1200; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            await StartAsync(id, 1, tenantId, campaign, T0.AddSeconds(i));
        }

        await EndAsync(ids[0], 1, T0.AddSeconds(2), T0.AddSeconds(70), "NORMAL_CLEARING", 61);
        var response = await App.Client(key).GetAsync($"/api/call-logs/export?campaignId={campaign}");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("call-logs.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        using var reader = Sep.Reader().FromText(await response.Content.ReadAsStringAsync());
        Assert.Equal(["call_id", "attempt", "campaign_id", "number", "account_type", "route", "node", "channel_uuid", "created_at", "answered_at", "ended_at", "duration_seconds", "billsec", "hangup_cause", "sip_status", "telephony_cost", "ai_cost", "revenue"], reader.Header.ColNames);
        var rows = new List<(string CallId, string Billsec, string Revenue, string Created)>();
        foreach (var row in reader)
        {
            rows.Add((row["call_id"].ToString(), row["billsec"].ToString(), row["revenue"].ToString(), row["created_at"].ToString()));
        }

        Assert.Equal(ids.AsEnumerable().Reverse().Select(i => i.ToString("D")), rows.Select(r => r.CallId));
        Assert.Equal(("61", "0.300000"), (rows[^1].Billsec, rows[^1].Revenue));
        Assert.Equal("2026-03-02T02:00:00.000000Z", rows[^1].Created);
        Assert.Equal(("", ""), (rows[0].Billsec, rows[0].Revenue));
    }

    private async Task StartAsync(Guid callId, int attempt, long tenantId, long campaignId, DateTimeOffset at) =>
        Assert.True(await App.Get<CallLogStore>().RecordStartAsync(new CallStart(callId, attempt, tenantId, campaignId, null, "60123456789", AccountType.Trial, "trial via gateway trunk", "fs1", at), default));

    private async Task EndAsync(Guid callId, int attempt, DateTimeOffset? answered, DateTimeOffset ended, string cause, int billsec) =>
        Assert.True(await App.Get<CallLogStore>().RecordEndAsync(new CallEnd(callId, attempt, Guid.NewGuid(), answered, ended, billsec + 5, billsec, cause, answered is null ? "486" : "200", "fs1"), default));

    private static async Task<Guid[]> IdsAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/call-logs?" + query);
        return [.. page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("callId").GetGuid())];
    }
}
