using System.Globalization;
using EslKit.Controller.Campaigns.Dispatch;
using Npgsql;
using PhoneNumbers;
using Spectre.Console;

namespace EslKit.Controller.Demo;

/// <summary>The demo's final table: per number its outcome, attempts, billsec, cost, revenue and route, from the call logs.</summary>
internal sealed class CallSummary(NpgsqlDataSource dataSource)
{
    /// <summary>The rows of the campaigns' items, tenant by tenant in item order.</summary>
    public async Task<IReadOnlyList<CallSummaryRow>> ReadAsync(IReadOnlyList<long> campaignIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT u.name, i.number, i.state, i.disposition, i.attempts_used,
                   count(l.call_id) FILTER (WHERE l.hangup_cause = $2)::int,
                   coalesce(sum(l.billsec), 0)::int,
                   coalesce(sum(coalesce(l.telephony_cost, 0) + coalesce(l.ai_cost, 0)), 0),
                   coalesce(sum(l.revenue), 0),
                   (SELECT l2.route FROM call_logs l2 WHERE l2.call_id = i.call_id ORDER BY l2.attempt DESC LIMIT 1)
            FROM campaign_items i
            JOIN users u ON u.id = i.tenant_id
            LEFT JOIN call_logs l ON l.call_id = i.call_id
            WHERE i.campaign_id = ANY($1)
            GROUP BY u.id, u.name, i.id
            ORDER BY u.id, i.id
            """);
        command.Parameters.Add(new() { Value = campaignIds.ToArray() });
        command.Parameters.Add(new() { Value = HangupCauses.DestinationOutOfOrder });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<CallSummaryRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string state = reader.GetString(2);
            string? disposition = reader.IsDBNull(3) ? null : reader.GetString(3);
            rows.Add(new CallSummaryRow(
                reader.GetString(0),
                Format(reader.GetString(1)),
                state == "done" && disposition == "answered" ? "answered" : disposition is null ? state : $"{state}: {disposition}",
                reader.GetInt32(4),
                reader.GetInt32(5),
                reader.GetInt32(6),
                reader.GetDecimal(7),
                reader.GetDecimal(8),
                reader.IsDBNull(9) ? "" : reader.GetString(9)));
        }

        return rows;
    }

    /// <summary>The table (with a totals row).</summary>
    public static Table Render(IReadOnlyList<CallSummaryRow> rows, bool ascii)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(ascii ? TableBorder.Ascii : TableBorder.Rounded).Title("call-log summary");
        table.AddColumn("tenant");
        table.AddColumn("number");
        table.AddColumn("outcome");
        table.AddColumn(new TableColumn("attempts").RightAligned());
        table.AddColumn(new TableColumn("billsec").RightAligned());
        table.AddColumn(new TableColumn("cost").RightAligned());
        table.AddColumn(new TableColumn("revenue").RightAligned());
        table.AddColumn("route");
        foreach (var row in rows)
        {
            string attempts = row.Refused > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{row.Attempts} (+{row.Refused} throttled)")
                : row.Attempts.ToString(CultureInfo.InvariantCulture);
            table.AddRow(
                Markup.Escape(row.Tenant),
                Markup.Escape(row.Number),
                Markup.Escape(row.Outcome),
                attempts,
                row.Billsec.ToString(CultureInfo.InvariantCulture),
                Money(row.Cost),
                Money(row.Revenue),
                Markup.Escape(row.Route));
        }

        table.AddRow(
            "[bold]total[/]",
            string.Create(CultureInfo.InvariantCulture, $"{rows.Count} numbers"),
            string.Create(CultureInfo.InvariantCulture, $"{rows.Count(r => r.Outcome == "answered")} answered"),
            rows.Sum(r => r.Attempts).ToString(CultureInfo.InvariantCulture),
            rows.Sum(r => r.Billsec).ToString(CultureInfo.InvariantCulture),
            Money(rows.Sum(r => r.Cost)),
            Money(rows.Sum(r => r.Revenue)),
            "");
        return table;
    }

    /// <summary>Money as stored: 6 decimal places, invariant.</summary>
    public static string Money(decimal value) => value.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Format(string digits)
    {
        var util = PhoneNumberUtil.GetInstance();
        try
        {
            return util.Format(util.Parse("+" + digits, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return "+" + digits;
        }
    }
}
