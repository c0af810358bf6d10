using System.Diagnostics;
using System.Net;
using EslKit.Controller.Tests.Support;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>A feed ends when its session's cookie expires (sessions of one minute here), and the expired cookie opens no new one.</summary>
public sealed class ConsoleSessionExpiryTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?>
    {
        ["Console:SessionMinutes"] = "1",
        ["Console:ProgressIntervalMilliseconds"] = "500",
    };

    [Fact]
    public async Task A_feed_ends_when_its_session_expires()
    {
        var (_, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var tenant = await SignedInAsync(key);
        var clock = Stopwatch.StartNew();
        await using var feed = await FeedReader.OpenAsync(tenant.Http, $"/console-feed/campaigns/{campaign}");
        await feed.WaitForAsync("progress");

        Assert.Equal("expired", FeedReader.ReasonOf(await feed.EndAsync(TimeSpan.FromMinutes(3))));
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(30), $"the feed ended after {clock.Elapsed}, before its session could have expired");
        Assert.True(feed.Events.Count(e => e.EventType == "progress") > 10, "the feed ran until then");
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Http.GetAsync($"/console-feed/campaigns/{campaign}")).StatusCode);
    }
}
