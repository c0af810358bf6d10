using System.Net;
using EslKit.Controller.Tests.Api.Support;
using EslKit.Controller.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EslKit.Controller.Tests.WebConsole;

/// <summary>
/// Two controller instances on one database, sharing the console's cookie keys as instances behind one load balancer do:
/// a session signed out on one ends its feed open on the other at once, and the other refuses its cookie from then on.
/// </summary>
public sealed class ConsoleSignOutAcrossInstancesTests(PostgresCluster cluster) : ConsoleTest(cluster)
{
    private readonly string _keys = TestFolders.Create("eslkit-console-keys");

    internal override IDictionary<string, string?>? ApiSettings => new Dictionary<string, string?>
    {
        ["Console:KeysDirectory"] = _keys,
        ["Console:ProgressIntervalMilliseconds"] = "500",
    };

    [Fact]
    public async Task A_sign_out_on_one_instance_ends_that_sessions_feed_on_another_at_once()
    {
        var (_, key) = await TenantAsync("trial");
        long campaign = await CampaignAsync(key);
        var settings = new Dictionary<string, string?>(ApiSettings!) { ["Dispatcher:InstanceId"] = "api-test-b", ["Api:AdminKey"] = App.AdminKey };
        var other = new ApiFactory(Database, settings);
        try
        {
            // Signed in on the first instance; the feed is opened on the second with the same cookie.
            var first = Anonymous();
            var signedIn = await first.SignInAsync(key);
            string cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("eslkit_console=", StringComparison.Ordinal)).Split(';')[0];
            using var second = other.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            second.DefaultRequestHeaders.Add("Cookie", cookie);
            await using var feed = await FeedReader.OpenAsync(second, $"/console-feed/campaigns/{campaign}");
            await feed.WaitForAsync("progress", 2);
            await ConsoleHost.WaitUntilAsync(() => other.Logs.Entries.Any(e => e.Contains("Listening for console sign-outs", StringComparison.Ordinal)), "the second instance to listen");

            Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/Campaigns", "/sign-out", [])).StatusCode);
            Assert.Equal("signed-out", FeedReader.ReasonOf(await feed.EndAsync()));
            Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/Campaigns")).StatusCode);
        }
        finally
        {
            await other.DisposeAsync();
            TestFolders.Delete(_keys);
        }
    }
}
