using System.Diagnostics;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace EslKit.Controller.Campaigns;

/// <summary>
/// Imports numbers into a campaign: each is validated and normalised (libphonenumber, the campaign's default
/// region), duplicates in the upload or the campaign are dropped, bad lines are reported with line number and
/// reason, numbers on the tenant's DNC list go in as skipped (dnc). The rows are streamed with a binary COPY
/// into a temporary table and inserted from there in one statement, all in one transaction: an import is
/// all or nothing.
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

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var knownZones = await KnownZonesAsync(connection, accepted.SelectMany(a => a.Zones).Distinct(StringComparer.Ordinal).ToArray(), cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var create = new NpgsqlCommand("CREATE TEMP TABLE import_numbers (number text NOT NULL, line integer NOT NULL, time_zones text[] NOT NULL) ON COMMIT DROP", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY import_numbers (number, line, time_zones) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            var zoneArrays = new Dictionary<IReadOnlyList<string>, string[]>(ReferenceEqualityComparer.Instance);
            foreach (var (digits, lineNumber, zones) in accepted)
            {
                if (!zoneArrays.TryGetValue(zones, out string[]? known))
                {
                    known = [.. zones.Where(knownZones.Contains)];
                    zoneArrays[zones] = known;
                }

                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(digits, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(lineNumber, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(known, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        int inserted;
        int dnc;
        await using (var insert = new NpgsqlCommand(
            """
            WITH inserted AS (
                INSERT INTO campaign_items (campaign_id, tenant_id, number, line, time_zones, state, disposition, next_attempt_at, finished_at, updated_at)
                SELECT $1, $2, s.number, s.line, s.time_zones,
                       CASE WHEN d.number IS NULL THEN 'pending' ELSE 'skipped' END,
                       CASE WHEN d.number IS NULL THEN NULL ELSE 'dnc' END,
                       $3,
                       CASE WHEN d.number IS NULL THEN NULL ELSE $3 END,
                       $3
                FROM import_numbers s
                LEFT JOIN dnc_numbers d ON d.tenant_id = $2 AND d.number = s.number
                ORDER BY s.line
                ON CONFLICT (campaign_id, number) DO NOTHING
                RETURNING state
            )
            SELECT count(*)::int, count(*) FILTER (WHERE state = 'skipped')::int FROM inserted
            """, connection, transaction))
        {
            insert.Parameters.Add(new() { Value = campaignId });
            insert.Parameters.Add(new() { Value = tenantId });
            insert.Parameters.Add(new() { Value = time.GetUtcNow() });
            await using var reader = await insert.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            inserted = reader.GetInt32(0);
            dnc = reader.GetInt32(1);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        duplicates += accepted.Count - inserted;
        var report = new ImportReport(inserted - dnc, duplicates, dnc, rejected);
        ControllerDiagnostics.NumbersImported.Add(report.Accepted, new KeyValuePair<string, object?>("result", "accepted"));
        ControllerDiagnostics.NumbersImported.Add(report.Duplicates, new KeyValuePair<string, object?>("result", "duplicate"));
        ControllerDiagnostics.NumbersImported.Add(report.DoNotCall, new KeyValuePair<string, object?>("result", "dnc"));
        ControllerDiagnostics.NumbersImported.Add(report.Rejected.Count, new KeyValuePair<string, object?>("result", "rejected"));
        Log.NumbersImported(logger, campaignId, report.Accepted, report.Duplicates, report.DoNotCall, report.Rejected.Count);
        return report;
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
