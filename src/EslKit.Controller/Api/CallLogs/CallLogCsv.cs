using System.Globalization;
using System.Text;
using EslKit.Controller.Calls;
using nietras.SeparatedValues;

namespace EslKit.Controller.Api.CallLogs;

/// <summary>
/// Writes call logs as CSV with Sep, row by row as they stream from the database (asynchronously: Kestrel forbids
/// synchronous writes), so an export of any size holds one row in memory. Times are ISO 8601 UTC, money invariant.
/// </summary>
internal static class CallLogCsv
{
    /// <summary>The columns, in order.</summary>
    public static readonly string[] Columns =
    [
        "call_id", "attempt", "campaign_id", "number", "account_type", "route", "node", "channel_uuid", "created_at", "answered_at",
        "ended_at", "duration_seconds", "billsec", "hangup_cause", "sip_status", "telephony_cost", "ai_cost", "revenue",
    ];

    /// <summary>Writes the header and every row of <paramref name="logs"/> to <paramref name="body"/>.</summary>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<CallLog> logs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(logs);
        await using var text = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        await using (var writer = Sep.New(',').Writer(o => o with { Escape = true, CultureInfo = CultureInfo.InvariantCulture }).To(text))
        {
            writer.Header.Add(Columns);
            await writer.Header.WriteAsync(cancellationToken).ConfigureAwait(false);
            await foreach (var log in logs.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await using var row = writer.NewRow(cancellationToken);
                row["call_id"].Set(log.CallId.ToString("D"));
                row["attempt"].Format(log.Attempt);
                row["campaign_id"].Set(Text(log.CampaignId));
                row["number"].Set(log.Number);
                row["account_type"].Set(log.AccountType);
                row["route"].Set(log.Route);
                row["node"].Set(log.Node ?? "");
                row["channel_uuid"].Set(log.ChannelUuid?.ToString("D") ?? "");
                row["created_at"].Set(Time(log.CreatedAt));
                row["answered_at"].Set(Time(log.AnsweredAt));
                row["ended_at"].Set(Time(log.EndedAt));
                row["duration_seconds"].Set(Text(log.DurationSeconds));
                row["billsec"].Set(Text(log.Billsec));
                row["hangup_cause"].Set(log.HangupCause ?? "");
                row["sip_status"].Set(log.SipStatus ?? "");
                row["telephony_cost"].Set(Text(log.TelephonyCost));
                row["ai_cost"].Set(Text(log.AiCost));
                row["revenue"].Set(Text(log.Revenue));
            }
        }

        await text.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Text<T>(T? value)
        where T : struct, IFormattable => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) ?? "";
}
