using System.Diagnostics;
using System.Text;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tests.Support;
using EslKit.Controller.Tenants;
using Xunit.Abstractions;

namespace EslKit.Controller.Tests.Campaigns;

public sealed class NumberImportTests(PostgresCluster cluster, ITestOutputHelper output) : DatabaseTest(cluster)
{
    [Fact]
    public async Task Numbers_are_normalised_deduplicated_checked_against_dnc_and_bad_lines_reported()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        var campaign = await Services.CampaignAsync(tenant.Id);
        await Services.Get<DoNotCallService>().AddAsync(tenant.Id, ["+60 12-345 6790"], "MY", default);

        var report = await Services.ImportAsync(
            campaign,
            "+60 12-345 6789",     // 1 accepted
            "012-345 6789",        // 2 the same number written nationally: duplicate
            "not a number",        // 3 rejected
            "+60 12 345 6790",     // 4 on the DNC list
            "",                    // 5 rejected
            "+1 650-253-0000",     // 6 accepted (US)
            "123",                 // 7 rejected
            "+44 20 7031 3000");   // 8 accepted (UK)

        Assert.Equal(3, report.Accepted);
        Assert.Equal(1, report.Duplicates);
        Assert.Equal(1, report.DoNotCall);
        Assert.Equal([3, 5, 7], report.Rejected.Select(r => r.Line));
        Assert.Equal(["not a phone number", "empty", "not a valid number for its country"], report.Rejected.Select(r => r.Reason));

        var rows = await Rows(campaign.Id);
        Assert.Equal(
            [("60123456789", "pending", null), ("60123456790", "skipped", "dnc"), ("16502530000", "pending", null), ("442070313000", "pending", null)],
            rows.Select(r => (r.Number, r.State, r.Disposition)));
        Assert.Equal(["Asia/Kuching"], rows[0].Zones); // libphonenumber's zone for Malaysian mobiles (UTC+8 like Kuala Lumpur)
        Assert.Equal(["America/Los_Angeles"], rows[2].Zones);
        Assert.Equal(["Europe/London"], rows[3].Zones);

        // A second import of the same numbers adds nothing.
        var again = await Services.ImportAsync(campaign, "+60123456789", "+16502530000");
        Assert.Equal(0, again.Accepted);
        Assert.Equal(2, again.Duplicates);
    }

    [Fact]
    public async Task A_csv_upload_uses_its_number_column_and_reports_lines_as_numbered_in_the_file()
    {
        var tenant = await Services.TenantAsync(AccountType.Pro);
        var campaign = await Services.CampaignAsync(tenant.Id);
        const string csv = "name,phone\n\"Ali, bin Abu\",+60 12-345 6789\nSiti,0123456790\n\nBad,12ab\n\"Quoted\nname\",0123456791\n";

        var report = await Services.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromCsv(csv), default);

        Assert.Equal(3, report.Accepted);
        Assert.Equal([5], report.Rejected.Select(r => r.Line));
        Assert.Equal(["60123456789", "60123456790", "60123456791"], (await Rows(campaign.Id)).Select(r => r.Number));
    }

    [Fact]
    public void A_csv_without_a_header_is_read_from_its_first_column()
    {
        var lines = NumberListReader.FromCsv("+60123456789\n+60123456790\r\n");

        Assert.Equal([new NumberLine(1, "+60123456789"), new NumberLine(2, "+60123456790")], lines);
    }

    [Fact]
    public async Task Numbers_cannot_be_added_to_a_finished_campaign_or_another_tenants()
    {
        var tenant = await Services.TenantAsync(AccountType.Trial);
        var other = await Services.TenantAsync(AccountType.Trial);
        var campaign = await Services.CampaignAsync(tenant.Id);

        await Assert.ThrowsAsync<NotFoundException>(() => Services.Get<NumberImporter>().ImportAsync(other.Id, campaign.Id, NumberListReader.FromList(["+60123456789"]), default));
        await Services.Get<CampaignService>().CancelAsync(tenant.Id, campaign.Id, default);
        var ex = await Assert.ThrowsAsync<InputRejectedException>(() => Services.ImportAsync(campaign, "+60123456789"));
        Assert.Equal(InputError.InvalidState, ex.Error);
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items"));
    }

    [Fact]
    public async Task One_hundred_thousand_numbers_import_with_binary_copy()
    {
        var tenant = await Services.TenantAsync(AccountType.Pro);
        var campaign = await Services.CampaignAsync(tenant.Id);
        var csv = new StringBuilder("phone\n");
        foreach (string number in Seed.MalaysianMobiles(100_000))
        {
            csv.Append('+').Append(number).Append('\n');
        }

        var watch = Stopwatch.StartNew();
        var report = await Services.Get<NumberImporter>().ImportAsync(tenant.Id, campaign.Id, NumberListReader.FromCsv(csv.ToString()), default);
        watch.Stop();

        output.WriteLine($"100,000 numbers parsed, normalised and imported in {watch.Elapsed.TotalSeconds:F2} s");
        Assert.Equal(100_000, report.Accepted);
        Assert.Empty(report.Rejected);
        Assert.Equal(100_000L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE campaign_id = $1 AND state = 'pending'", campaign.Id));
        Assert.Equal(100_000L, await Database.ScalarAsync<long>("SELECT count(DISTINCT call_id) FROM campaign_items"));
    }

    private async Task<List<(string Number, string State, string? Disposition, string[] Zones)>> Rows(long campaignId)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT number, state, disposition, time_zones FROM campaign_items WHERE campaign_id = $1 ORDER BY line");
        command.Parameters.Add(new() { Value = campaignId });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string?, string[])>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<string[]>(3)));
        }

        return rows;
    }
}
