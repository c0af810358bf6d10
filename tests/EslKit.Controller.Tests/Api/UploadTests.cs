using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>
/// Number uploads (CSV or JSON): valid numbers are imported; bad numbers, oversized uploads (declared or chunked),
/// malformed bodies and unsupported types are 4xx problems and nothing is written.
/// </summary>
public sealed class UploadTests(PostgresCluster cluster) : ApiTest(cluster)
{
    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?> { ["Api:MaxUploadBytes"] = "4096" };

    [Fact]
    public async Task A_csv_upload_is_imported_with_duplicates_and_dnc_counted()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        var client = App.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/dnc", new { numbers = new[] { "0123456791" } })).StatusCode);

        var response = await client.PostAsync($"/api/campaigns/{id}/numbers", Csv("name,phone\nA,+60 12-345 6789\nB,0123456790\nC,\"+60123456789\"\nD,0123456791\n"));

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, report.GetProperty("accepted").GetInt32());
        Assert.Equal(1, report.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, report.GetProperty("doNotCall").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetArrayLength());
        Assert.Equal(3L, await Database.ScalarAsync<long>("SELECT count(*) FROM campaign_items WHERE campaign_id = $1", id));
    }

    [Fact]
    public async Task Bad_numbers_refuse_the_upload_with_line_and_reason_and_nothing_is_written()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        string before = await SnapshotAsync();

        var csv = await App.Client(key).PostAsync($"/api/campaigns/{id}/numbers", Csv("number\n+60123456789\nhello\n\n123\n"));
        var json = await App.Client(key).PostAsJsonAsync($"/api/campaigns/{id}/numbers", new { numbers = new[] { "+60123456789", "", "+999" } });

        var problem = await AssertProblemAsync(csv, HttpStatusCode.UnprocessableEntity, "urn:eslkit:problem:invalid-numbers");
        Assert.Equal(2, problem.GetProperty("rejectedCount").GetInt32());
        Assert.Equal([3, 5], problem.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.All(problem.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("reason").GetString())));
        var jsonProblem = await AssertProblemAsync(json, HttpStatusCode.UnprocessableEntity, "urn:eslkit:problem:invalid-numbers");
        Assert.Equal([2, 3], jsonProblem.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task With_acceptValid_the_valid_numbers_are_imported_and_the_bad_lines_reported()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);

        var response = await App.Client(key).PostAsync($"/api/campaigns/{id}/numbers?acceptValid=true", Csv("+60123456789\nhello\n0123456790\n"));

        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, report.GetProperty("accepted").GetInt32());
        Assert.Equal(2, report.GetProperty("rejected")[0].GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task An_oversized_upload_is_a_413_problem_whether_declared_or_chunked_and_nothing_is_written()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        string big = "number\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"+6012{1_000_000 + i}\n"));
        Assert.True(Encoding.UTF8.GetByteCount(big) > 4096);
        string before = await SnapshotAsync();

        var declared = await App.Client(key).PostAsync($"/api/campaigns/{id}/numbers", Csv(big));
        var chunkedContent = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunkedContent.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/campaigns/{id}/numbers") { Content = chunkedContent };
        request.Headers.TransferEncodingChunked = true;
        var chunked = await App.Client(key).SendAsync(request);

        await AssertProblemAsync(declared, HttpStatusCode.RequestEntityTooLarge, "urn:eslkit:problem:too-large");
        await AssertProblemAsync(chunked, HttpStatusCode.RequestEntityTooLarge, "urn:eslkit:problem:too-large");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Malformed_and_unsupported_uploads_are_problems_and_nothing_is_written()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        var client = App.Client(key);
        string before = await SnapshotAsync();

        var badJson = await client.PostAsync($"/api/campaigns/{id}/numbers", new StringContent("{\"numbers\": [\"+60123456789\"", Encoding.UTF8, "application/json"));
        var noList = await client.PostAsync($"/api/campaigns/{id}/numbers", new StringContent("{\"phones\": []}", Encoding.UTF8, "application/json"));
        var notUtf8 = await client.PostAsync($"/api/campaigns/{id}/numbers", new ByteArrayContent([0x2B, 0x36, 0xC3, 0x28, 0x0A]) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } });
        var xml = await client.PostAsync($"/api/campaigns/{id}/numbers", new StringContent("<numbers/>", Encoding.UTF8, "application/xml"));

        await AssertProblemAsync(badJson, HttpStatusCode.BadRequest, "urn:eslkit:problem:malformed-body");
        Assert.Equal("numbers", (await AssertProblemAsync(noList, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await AssertProblemAsync(notUtf8, HttpStatusCode.BadRequest, "urn:eslkit:problem:malformed-body");
        await AssertProblemAsync(xml, HttpStatusCode.UnsupportedMediaType, "urn:eslkit:problem:malformed-body");
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Numbers_cannot_be_added_to_a_cancelled_campaign()
    {
        var (_, key) = await TenantAsync("trial");
        long id = await CampaignAsync(key);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(key).PostAsync($"/api/campaigns/{id}/cancel", null)).StatusCode);
        string before = await SnapshotAsync();

        var response = await App.Client(key).PostAsync($"/api/campaigns/{id}/numbers", Csv("+60123456789\n"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "urn:eslkit:problem:conflict");
        Assert.Equal(before, await SnapshotAsync());
    }

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
}
