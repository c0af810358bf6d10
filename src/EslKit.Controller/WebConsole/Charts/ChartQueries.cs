using System.Globalization;
using EslKit.Controller.WebConsole.Calls;
using Npgsql;

namespace EslKit.Controller.WebConsole.Charts;

/// <summary>
/// The charts page's figures, each one query over the tenant's own rows: calls per hour by outcome (the last 24 h),
/// per day the answer rate, average talk time and cost against revenue, and per campaign the percentiles of the
/// response latency callers heard (call_transcripts, when the voice pipeline's table exists). Hours and days are UTC.
/// </summary>
internal sealed class ChartQueries(NpgsqlDataSource dataSource, TranscriptReader transcripts, TimeProvider time)
{
    /// <summary>Calls per hour over the last 24 hours, stacked by outcome.</summary>
    public async Task<BarChart> CallsPerHourAsync(long tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var firstHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-23);
        await using var command = dataSource.CreateCommand(
            """
            SELECT h.hour,
                   count(l.*) FILTER (WHERE l.answered_at IS NOT NULL)::int,
                   count(l.*) FILTER (WHERE l.answered_at IS NULL AND l.ended_at IS NOT NULL)::int,
                   count(l.*) FILTER (WHERE l.ended_at IS NULL AND l.answered_at IS NULL)::int
            FROM generate_series($2::timestamptz, $2::timestamptz + interval '23 hours', interval '1 hour') AS h(hour)
            LEFT JOIN call_logs l ON l.tenant_id = $1 AND l.created_at >= h.hour AND l.created_at < h.hour + interval '1 hour'
            GROUP BY h.hour ORDER BY h.hour
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = firstHour });
        var labels = new List<string>();
        var answered = new List<double>();
        var unanswered = new List<double>();
        var inProgress = new List<double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add(reader.GetFieldValue<DateTimeOffset>(0).UtcDateTime.ToString("HH':00'", CultureInfo.InvariantCulture));
            answered.Add(reader.GetInt32(1));
            unanswered.Add(reader.GetInt32(2));
            inProgress.Add(reader.GetInt32(3));
        }

        return new BarChart(
            "calls-per-hour",
            "Calls per hour by outcome (last 24 hours, UTC)",
            "Attempts started in each hour of the last 24, stacked: answered, unanswered, still in progress.",
            labels,
            [new ChartSeries("Answered", answered), new ChartSeries("Unanswered", unanswered), new ChartSeries("In progress", inProgress)],
            Stacked: true,
            "calls");
    }

    /// <summary>Per day over the last <paramref name="days"/> days: answer rate, average talk time, cost against revenue.</summary>
    public async Task<(BarChart AnswerRate, BarChart TalkTime, BarChart Money)> DailyAsync(long tenantId, int days, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - days);
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.day,
                   count(l.*) FILTER (WHERE l.answered_at IS NOT NULL)::int,
                   count(l.*) FILTER (WHERE l.ended_at IS NOT NULL)::int,
                   coalesce(avg(l.billsec) FILTER (WHERE l.answered_at IS NOT NULL AND l.billsec IS NOT NULL), 0)::float8,
                   coalesce(sum(coalesce(l.telephony_cost, 0) + coalesce(l.ai_cost, 0)), 0)::float8,
                   coalesce(sum(l.revenue), 0)::float8
            FROM generate_series($2::date, $3::date, interval '1 day') AS d(day)
            LEFT JOIN call_logs l ON l.tenant_id = $1 AND l.created_at >= d.day AT TIME ZONE 'UTC' AND l.created_at < (d.day + interval '1 day') AT TIME ZONE 'UTC'
            GROUP BY d.day ORDER BY d.day
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = first });
        command.Parameters.Add(new() { Value = today });
        var labels = new List<string>();
        var rate = new List<double>();
        var talk = new List<double>();
        var cost = new List<double>();
        var revenue = new List<double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add(reader.GetFieldValue<DateTime>(0).ToString("MM-dd", CultureInfo.InvariantCulture));
            int answered = reader.GetInt32(1);
            int ended = reader.GetInt32(2);
            rate.Add(ended == 0 ? 0 : Math.Round(answered * 100.0 / ended, 1));
            talk.Add(Math.Round(reader.GetDouble(3), 1));
            cost.Add(Math.Round(reader.GetDouble(4), 4));
            revenue.Add(Math.Round(reader.GetDouble(5), 4));
        }

        string span = string.Create(CultureInfo.InvariantCulture, $"last {days} days, UTC");
        return (
            new BarChart("answer-rate", $"Answer rate per day ({span})", "Answered attempts out of the attempts that ended, per day, in percent.", labels, [new ChartSeries("Answer rate", rate)], false, "%"),
            new BarChart("talk-time", $"Average talk time per day ({span})", "The average billed seconds of answered calls, per day.", labels, [new ChartSeries("Average talk time", talk)], false, "s"),
            new BarChart("cost-revenue", $"Cost and revenue per day ({span})", "Per day, what the calls cost (telephony and AI) beside what the tenant was billed.", labels, [new ChartSeries("Cost", cost), new ChartSeries("Revenue", revenue)], false, "money"));
    }

    /// <summary>
    /// Per campaign, the 50th, 90th and 99th percentiles of the response latency (end of the caller's speech →
    /// the agent's audio playing), in milliseconds; null when the database has no transcripts table.
    /// </summary>
    public async Task<BarChart?> LatencyAsync(long tenantId, CancellationToken cancellationToken)
    {
        if (!await transcripts.TableExistsAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT c.id, c.name,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY t.response_ms),
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY t.response_ms),
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY t.response_ms)
            FROM call_transcripts t
            JOIN call_logs l ON l.call_id = t.call_id AND l.attempt = t.attempt
            JOIN campaigns c ON c.id = l.campaign_id
            WHERE l.tenant_id = $1 AND t.speaker = 'agent' AND t.response_ms IS NOT NULL
            GROUP BY c.id, c.name ORDER BY c.id DESC LIMIT 12
            """);
        command.Parameters.Add(new() { Value = tenantId });
        var labels = new List<string>();
        var p50 = new List<double>();
        var p90 = new List<double>();
        var p99 = new List<double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            labels.Add(reader.GetString(1));
            p50.Add(Math.Round(reader.GetDouble(2)));
            p90.Add(Math.Round(reader.GetDouble(3)));
            p99.Add(Math.Round(reader.GetDouble(4)));
        }

        return new BarChart(
            "latency",
            "Response latency per campaign (percentiles)",
            "For each campaign, the 50th, 90th and 99th percentile of the time from the end of the caller's speech to the agent's reply playing, in milliseconds.",
            labels,
            [new ChartSeries("p50", p50), new ChartSeries("p90", p90), new ChartSeries("p99", p99)],
            false,
            "ms");
    }
}
