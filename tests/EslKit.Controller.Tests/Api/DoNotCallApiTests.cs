using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.Api;

/// <summary>The do-not-call list through the API: add (normalised, waiting items skipped), list, remove; bad numbers write nothing.</summary>
public sealed class DoNotCallApiTests(PostgresCluster cluster) : ApiTest(cluster)
{
    [Fact]
    public async Task Numbers_are_added_normalised_listed_and_removed()
    {
        var (_, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        await UploadAsync(key, campaign, "+60123456789", "+60123456790");
        var client = App.Client(key);

        var added = await client.PostAsJsonAsync("/api/dnc", new { numbers = new[] { "012-345 6789", "+60123456789", "+6591234567" } });
        Assert.Equal(2, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("added").GetInt32());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/dnc");
        Assert.Equal(["60123456789", "6591234567"], list.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
        var progress = await client.GetFromJsonAsync<JsonElement>($"/api/campaigns/{campaign}/progress");
        Assert.Equal(1, progress.GetProperty("byDisposition").GetProperty("dnc").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/dnc/0123456789")).StatusCode);
        await AssertProblemAsync(await client.DeleteAsync("/api/dnc/0123456789"), HttpStatusCode.NotFound, "urn:eslkit:problem:not-found");
        Assert.Equal(["6591234567"], (await client.GetFromJsonAsync<JsonElement>("/api/dnc")).GetProperty("numbers").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task A_bad_number_refuses_the_whole_request_and_nothing_is_written()
    {
        var (_, key) = await TenantAsync("trial");
        string before = await SnapshotAsync();
        var client = App.Client(key);

        var bad = await client.PostAsJsonAsync("/api/dnc", new { numbers = new[] { "+60123456789", "not a number" } });
        var empty = await client.PostAsJsonAsync("/api/dnc", new { numbers = Array.Empty<string>() });
        var region = await client.PostAsJsonAsync("/api/dnc", new { numbers = new[] { "0123456789" }, region = "Atlantis" });
        var badPath = await client.DeleteAsync("/api/dnc/not-a-number");

        Assert.Equal("numbers[1]", (await AssertProblemAsync(bad, HttpStatusCode.BadRequest, "urn:eslkit:problem:invalid-input")).GetProperty("field").GetString());
        Assert.Equal("numbers", (await AssertProblemAsync(empty, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        Assert.Equal("region", (await AssertProblemAsync(region, HttpStatusCode.BadRequest)).GetProperty("field").GetString());
        await AssertProblemAsync(badPath, HttpStatusCode.BadRequest);
        Assert.Equal(before, await SnapshotAsync());
    }
}
