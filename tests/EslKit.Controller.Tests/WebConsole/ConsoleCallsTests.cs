using System.Net;
using System.Text.RegularExpressions;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// Call logs (filters, keyset paging, CSV export), a call's page with its transcript once the voice pipeline's table
/// exists, and the charts' figures computed from known rows.
/// </summary>
public sealed partial class ConsoleCallsTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    [Fact]
    public async Task Call_logs_filter_by_campaign_outcome_and_date_page_without_repeats_and_export_the_same_rows()
    {
        var (id, key) = await TenantAsync("trial");
        long first = await CampaignAsync(key, "first");
        long second = await CampaignAsync(key, "second");
        var now = DateTimeOffset.UtcNow;
        var calls = new List<Guid>();
        for (int i = 0; i < 120; i++)
        {
            calls.Add(await CallLogAsync(id, i % 2 == 0 ? first : second, $"6012100{i:0000}", answered: i % 3 == 0, now.AddSeconds(-i), billsec: i % 3 == 0 ? 30 : 0));
        }

        await CallLogAsync(id, first, "60129999999", answered: true, now.AddDays(-3), billsec: 10);
        var client = await SignedInAsync(key);

        // Paging: 50 per page, newest first, every row once.
        var seen = new List<string>();
        string? next = "/Calls";
        while (next is not null)
        {
            string page = await client.GetAsync(next);
            seen.AddRange(CallLinks().Matches(page).Select(m => m.Groups[1].Value));
            var more = NextLink().Match(page);
            next = more.Success ? WebUtility.HtmlDecode(more.Groups[1].Value) : null;
        }

        Assert.Equal(121, seen.Count);
        Assert.Equal(121, seen.Distinct().Count());
        Assert.Equal(calls[0].ToString("D"), seen[0]);

        // Filters: campaign, outcome, date range (UTC days).
        string today = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string yesterday = now.UtcDateTime.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string filtered = await client.GetAsync($"/Calls?campaign={first}&outcome=answered&from={yesterday}&to={today}");
        int expected = Enumerable.Range(0, 120).Count(i => i % 2 == 0 && i % 3 == 0);
        Assert.Equal(expected, CallLinks().Count(filtered));
        Assert.Contains("selected=\"selected\">first</option>", filtered, StringComparison.Ordinal);
        string export = await client.GetAsync($"/console-export/call-logs?campaign={first}&outcome=answered&from={yesterday}&to={today}");
        Assert.Equal(expected + 1, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        AssertHas(filtered, "href=\"/console-export/call-logs?campaign=" + first + "&amp;outcome=answered&amp;from=" + yesterday + "&amp;to=" + today + "\"", "id=\"export\"");

        await client.GetAsync("/Calls?from=2026-03-02&to=2026-03-01", HttpStatusCode.BadRequest);
        await client.GetAsync("/Calls?after=garbage", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_calls_page_shows_times_route_and_money_and_its_transcript_turn_by_turn_once_the_table_exists()
    {
        var (id, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key, "talking");
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var call = await CallLogAsync(id, campaign, "60121234567", answered: true, start, billsec: 58, cost: 0.0080m, revenue: 0.15m);
        var client = await SignedInAsync(key);

        // Without the voice pipeline's table: no transcript section, no error.
        await Database.ExecuteAsync("DROP TABLE IF EXISTS call_transcripts");
        string before = await client.GetAsync($"/Calls/{call:D}/1");
        Assert.Contains("2026-03-02 09:00:00.000", before, StringComparison.Ordinal);
        Assert.Contains("trial via gateway trunk", before, StringComparison.Ordinal);
        Assert.Contains("0.150000", before, StringComparison.Ordinal);
        Assert.Contains("0.008000", before, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"transcript\"", before, StringComparison.Ordinal);
        Assert.Contains("Needs the voice pipeline", await client.GetAsync("/Charts"), StringComparison.Ordinal);

        // The table as migration 0003 (the voice pipeline) creates it.
        await Database.ExecuteAsync(
            """
            CREATE TABLE call_transcripts (
                call_id uuid NOT NULL, attempt integer NOT NULL, turn integer NOT NULL, speaker text NOT NULL, text text NOT NULL,
                started_at timestamptz NOT NULL, ended_at timestamptz, stt_ms integer, agent_ms integer, tts_ms integer,
                playback_ms integer, response_ms integer, interrupted boolean NOT NULL DEFAULT false,
                PRIMARY KEY (call_id, attempt, turn, speaker))
            """);
        await Database.ExecuteAsync(
            """
            INSERT INTO call_transcripts (call_id, attempt, turn, speaker, text, started_at, stt_ms, agent_ms, tts_ms, response_ms) VALUES
                ($1, 1, 0, 'agent', 'Hello, this is the <clinic>.', $2, NULL, NULL, NULL, NULL),
                ($1, 1, 1, 'agent', 'Your appointment is at nine.', $2 + interval '6 seconds', 310, 120, 95, 640),
                ($1, 1, 1, 'caller', 'When is my appointment?', $2 + interval '3 seconds', NULL, NULL, NULL, NULL)
            """,
            call, start.AddSeconds(2));
        string after = await client.GetAsync($"/Calls/{call:D}/1");
        Assert.Contains("id=\"transcript\"", after, StringComparison.Ordinal);
        Assert.Contains("Hello, this is the &lt;clinic&gt;.", after, StringComparison.Ordinal);
        int greeting = after.IndexOf("Hello, this is", StringComparison.Ordinal);
        int question = after.IndexOf("When is my appointment?", StringComparison.Ordinal);
        int answer = after.IndexOf("Your appointment is at nine.", StringComparison.Ordinal);
        Assert.True(greeting < question && question < answer, "turns in order, the caller before the agent within a turn");
        Assert.Contains("Response 640 ms (speech-to-text 310 ms, agent 120 ms, text-to-speech 95 ms)", after, StringComparison.Ordinal);
        string charts = await client.GetAsync("/Charts");
        AssertHas(charts, "<th scope=\"row\">talking</th><td>640</td><td>640</td><td>640</td>", "id=\"latency\"");
    }

    [Fact]
    public async Task Charts_draw_calls_per_hour_answer_rate_talk_time_and_money_from_the_tenants_rows_only()
    {
        await Database.ExecuteAsync("DROP TABLE IF EXISTS call_transcripts");
        var (id, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var now = DateTimeOffset.UtcNow;
        await CallLogAsync(id, campaign, "60121000001", answered: true, now, billsec: 60, cost: 0.5m, revenue: 1.25m);
        await CallLogAsync(id, campaign, "60121000002", answered: true, now, billsec: 30, cost: 0.25m, revenue: 0.75m);
        await CallLogAsync(id, campaign, "60121000003", answered: false, now);
        await CallLogAsync(id, campaign, "60121000004", answered: false, now);
        var (otherId, otherKey) = await TenantAsync("trial");
        await CallLogAsync(otherId, await CampaignAsync(otherKey), "60121000005", answered: true, now, billsec: 600, cost: 9, revenue: 99);

        string charts = await (await SignedInAsync(key)).GetAsync("/Charts?days=7");
        Assert.Equal(4, SvgCharts().Count(charts)); // no transcripts table: no latency chart
        string today = now.UtcDateTime.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string hour = now.UtcDateTime.ToString("HH':00'", System.Globalization.CultureInfo.InvariantCulture);
        AssertHas(charts, $"<th scope=\"row\">{hour}</th><td>2</td><td>2</td><td>0</td>", $"<th scope=\"row\">{hour}</th>");
        AssertHas(charts, $"<th scope=\"row\">{today}</th><td>50</td>", "answer-rate");
        AssertHas(charts, $"<th scope=\"row\">{today}</th><td>45</td>", "answer-rate");
        AssertHas(charts, $"<th scope=\"row\">{today}</th><td>0.75</td><td>2</td>", "answer-rate");
        Assert.Contains("role=\"img\" aria-labelledby=\"calls-per-hour-title calls-per-hour-desc\"", charts, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>99</td>", charts, StringComparison.Ordinal);
    }

    [GeneratedRegex("<a href=\"/Calls/([0-9a-f-]{36})/1\">")]
    private static partial Regex CallLinks();

    [GeneratedRegex("<a href=\"([^\"]+)\" rel=\"next\">")]
    private static partial Regex NextLink();

    [GeneratedRegex("<svg class=\"chart\"")]
    private static partial Regex SvgCharts();
}
