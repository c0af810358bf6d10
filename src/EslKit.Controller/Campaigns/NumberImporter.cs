using System.Diagnostics;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Imports numbers into a campaign: each is validated and normalised (libphonenumber, the campaign's default
/// region), duplicates in the upload or the campaign are dropped, bad lines are reported with line number and
/// reason, numbers on the tenant's DNC list go in as skipped (dnc), and numbers whose time zones lie so far apart
/// that the campaign's calling window is never open in all of them at once go in as skipped (window): the claim
/// would never take them (<see cref="CallingWindow.EverOpenInAll"/>). The rows are streamed straight into
/// campaign_items with one binary COPY, in one transaction under the campaign row's lock (so the numbers
/// already in the campaign are known exactly): an import is all or nothing.
/// </summary>
internal sealed class NumberImporter(NpgsqlDataSource dataSource, CampaignService campaigns, TimeProvider time, ILogger<NumberImporter> logger)
{
    /// <summary>The most numbers one import takes.</summary>
    public const int MaxNumbers = 1_000_000;

    /// <summary>Imports <paramref name="lines"/> into the tenant's campaign (draft, running or paused).</summary>
    /// <exception cref="InputRejectedException">Too many numbers, or the campaign is cancelled or completed: nothing is written.</exception>
    /// <exception cref="NotFoundException">No such campaign for this tenant.</exception>
    public async Task<ImportReport> ImportAsync(long tenantId, long campaignId, IEnumerable<NumberLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var activity = ControllerDiagnostics.ActivitySource.StartActivity("import numbers");
        activity?.SetTag("eslkit.campaign", campaignId);
        var campaign = await campaigns.GetAsync(tenantId, campaignId, cancellationToken).ConfigureAwait(false);
        if (campaign.State is CampaignState.Cancelled or CampaignState.Completed)
        {
            throw new InputRejectedException("campaign", InputError.InvalidState, "numbers cannot be added to a finished campaign");
        }

        var accepted = new List<(string Digits, int Line, IReadOnlyList<string> Zones)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new List<RejectedLine>();
        int duplicates = 0;
        int count = 0;
        foreach (var line in lines)
        {
            if (++count > MaxNumbers)
            {
                throw new InputRejectedException("numbers", InputError.TooLarge, $"at most {MaxNumbers} numbers per import");
            }

            var number = PhoneNumberNormalizer.TryNormalize(line.Text, campaign.DefaultRegion, out string? reason);
            if (number is null)
            {
                rejected.Add(new RejectedLine(line.Line, reason!));
            }
            else if (!seen.Add(number.Digits))
            {
                duplicates++;
            }
            else
            {
                accepted.Add((number.Digits, line.Line, number.TimeZones));
            }
        }

        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var knownZones = await KnownZonesAsync(connection, accepted.SelectMany(a => a.Zones).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Imports into one campaign take turns (the campaign row's lock), so the numbers already there are known
        // exactly and the COPY below cannot collide with another import.
        await using (var lockCampaign = new NpgsqlCommand("SELECT state FROM campaigns WHERE id = $1 FOR UPDATE", connection, transaction) { Parameters = { new() { Value = campaignId } } })
        {
            string? state = (string?)await lockCampaign.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            if (state is null || CampaignStates.Parse(state) is CampaignState.Cancelled or CampaignState.Completed)
            {
                throw new InputRejectedException("campaign", InputError.InvalidState, "numbers cannot be added to a finished campaign");
            }
        }

        string[] digits = [.. accepted.Select(a => a.Digits)];
        var existing = await NumbersAsync(connection, transaction, "SELECT number FROM campaign_items WHERE campaign_id = $1 AND number = ANY($2)", campaignId, digits, cancellationToken).ConfigureAwait(false);
        var listed = await NumbersAsync(connection, transaction, "SELECT number FROM dnc_numbers WHERE tenant_id = $1 AND number = ANY($2)", tenantId, digits, cancellationToken).ConfigureAwait(false);
        int inserted = 0;
        int dnc = 0;
        int outsideWindow = 0;
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY campaign_items (campaign_id, tenant_id, number, line, time_zones, state, disposition, next_attempt_at, finished_at, updated_at) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false))
        {
            var zoneArrays = new Dictionary<IReadOnlyList<string>, (string[] Known, bool Callable)>(ReferenceEqualityComparer.Instance);
            foreach (var (number, lineNumber, zones) in accepted)
            {
                if (existing.Contains(number))
                {
                    continue;
                }

                // The normaliser hands out one list per distinct zone set, so this runs once per zone set.
                if (!zoneArrays.TryGetValue(zones, out var zoneSet))
                {
                    string[] known = [.. zones.Where(knownZones.Contains)];
                    zoneSet = (known, campaign.Window.EverOpenInAll(CallingWindow.FindZones(known), now));
                    zoneArrays[zones] = zoneSet;
                }

                bool onDnc = listed.Contains(number);
                string? skipped = onDnc ? "dnc" : zoneSet.Callable ? null : "window";
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(campaignId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(tenantId, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(number, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(lineNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(zoneSet.Known, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(skipped is null ? "pending" : "skipped", NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                if (skipped is not null)
                {
                    await importer.WriteAsync(skipped, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                if (skipped is not null)
                {
                    await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                }

                await importer.WriteAsync(now, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                inserted++;
                dnc += onDnc ? 1 : 0;
                outsideWindow += skipped == "window" ? 1 : 0;
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // Into a running campaign whose every item is now settled (all it got was skipped): it is complete.
        await CampaignCompletion.CompleteIfSettledAsync(connection, transaction, campaignId, now, logger, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        duplicates += accepted.Count - inserted;
        var report = new ImportReport(inserted - dnc - outsideWindow, duplicates, dnc, outsideWindow, rejected);
        ControllerDiagnostics.NumbersImported.Add(report.Accepted, new KeyValuePair<string, object?>("result", "accepted"));
        ControllerDiagnostics.NumbersImported.Add(report.Duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        ControllerDiagnostics.NumbersImported.Add(report.DoNotCall, new KeyValuePair<string, object?>("result", "dnc"));
        ControllerDiagnostics.NumbersImported.Add(report.OutsideWindow, new KeyValuePair<string, object?>("result", "window"));
        ControllerDiagnostics.NumbersImported.Add(report.Rejected.Count, new KeyValuePair<string, object?>("result", "rejected"));
        Log.NumbersImported(logger, campaignId, report.Accepted, report.Duplicates, report.DoNotCall, report.OutsideWindow, report.Rejected.Count);
        return report;
    }

    private static async Task<HashSet<string>> NumbersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, long id, string[] numbers, CancellationToken cancellationToken)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = numbers });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }

    // The zones PostgreSQL knows among those libphonenumber gave (an unknown one would fail the claim's AT TIME ZONE).
    private static async Task<HashSet<string>> KnownZonesAsync(NpgsqlConnection connection, string[] zones, CancellationToken cancellationToken)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (zones.Length == 0)
        {
            return known;
        }

        await using var command = new NpgsqlCommand("SELECT name FROM pg_timezone_names WHERE name = ANY($1)", connection);
        command.Parameters.Add(new() { Value = zones });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            known.Add(reader.GetString(0));
        }

        Debug.Assert(known.Count <= zones.Length);
        return known;
    }
}
