using System.Net;
using System.Text;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// The console's forms are held to <c>Api:MaxUploadBytes</c> (here 4096): a pasted list or a file over it is refused
/// with the page and its own error (413), not the antiforgery filter's bare 400, and nothing is written.
/// </summary>
public sealed class ConsoleUploadLimitTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    private const int Limit = 4096;

    private const string Refusal = "The form is larger than the upload limit (4096 bytes, Api:MaxUploadBytes); nothing was saved.";

    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?> { ["Api:MaxUploadBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task A_pasted_list_or_a_file_over_the_limit_shows_the_campaign_page_with_its_error_and_saves_nothing()
    {
        var (_, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);
        string before = await SnapshotAsync();

        // Valid numbers, just over the limit as a pasted field; then a file far over it (the whole body too large).
        string numbers = Numbers(Limit + 1);
        foreach (var form in new[] { CampaignForm(numbers, file: null), CampaignForm("", file: Encoding.UTF8.GetBytes(Numbers(200_000))) })
        {
            form.Add(new StringContent(ConsoleClient.Token(await tenant.GetAsync("/Campaigns"))), "__RequestVerificationToken");
            var refused = await tenant.Http.PostAsync("/Campaigns", form);
            string page = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
            AssertHas(page, "<p class=\"error\" role=\"alert\" id=\"form-error\">" + Refusal, "form-error");
            Assert.Contains("<h2 id=\"create\">New campaign</h2>", page, StringComparison.Ordinal);
            Assert.Equal(before, await SnapshotAsync());
            form.Dispose();
        }

        // Under the limit the same form creates the campaign.
        using var fits = CampaignForm(Numbers(Limit - 200), file: null);
        fits.Add(new StringContent(ConsoleClient.Token(await tenant.GetAsync("/Campaigns"))), "__RequestVerificationToken");
        Assert.Equal(HttpStatusCode.Redirect, (await tenant.Http.PostAsync("/Campaigns", fits)).StatusCode);
    }

    [Fact]
    public async Task A_pasted_do_not_call_list_over_the_limit_shows_the_page_with_its_error_and_adds_nothing()
    {
        var (tenantId, key) = await TenantAsync("trial");
        var tenant = await SignedInAsync(key);

        var refused = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Add", new() { ["Pasted"] = Numbers(Limit + 1) });
        string page = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        AssertHas(page, "<p class=\"error\" role=\"alert\" id=\"dnc-error\">" + Refusal, "dnc-error");
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM dnc_numbers WHERE tenant_id = $1", tenantId));

        var added = await tenant.PostFormAsync("/Dnc", "/Dnc?handler=Add", new() { ["Pasted"] = Numbers(Limit / 2) });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.True(await Database.ScalarAsync<long>("SELECT count(*) FROM dnc_numbers WHERE tenant_id = $1", tenantId) > 0);
    }

    // Distinct valid Malaysian mobile numbers, one per line, at least `bytes` long in all.
    private static string Numbers(int bytes)
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < bytes; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"+60121{i:000000}\n");
        }

        return text.ToString();
    }

    private static MultipartFormDataContent CampaignForm(string pasted, byte[]? file)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("too-large"), "Input.Name" },
            { new StringContent("00:00"), "Input.WindowStart" },
            { new StringContent("23:59"), "Input.WindowEnd" },
            { new StringContent("Asia/Kuala_Lumpur"), "Input.TimeZone" },
            { new StringContent("2"), "Input.MaxAttempts" },
            { new StringContent(pasted), "Input.Numbers" },
        };
        if (file is not null)
        {
            var content = new ByteArrayContent(file);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            form.Add(content, "Input.File", "numbers.csv");
        }

        return form;
    }
}
