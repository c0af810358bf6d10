using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EslKit.Controller.Tests.Support;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Api;

/// <summary>
/// <c>./run.sh --serve</c> as the built controller runs it (<c>EslKit.Controller --demo --serve</c>, on a free
/// loopback port and a fresh data folder): after the demo it prints the API's URL, the generated admin key and a key
/// per demo tenant, keeps serving them, and stops cleanly on SIGTERM, leaving no process behind.
/// </summary>
public sealed partial class ServeProcessTests
{
    [Fact]
    public async Task Serve_prints_the_url_and_keys_after_the_demo_serves_the_api_and_stops_on_sigterm()
    {
        string data = TestFolders.Create("eslkit-serve");
        string url = "http://127.0.0.1:" + FreePort().ToString(CultureInfo.InvariantCulture);
        try
        {
            await using var controller = ControllerProcess.Start(["--demo", "--serve", "--urls", url], new Dictionary<string, string> { ["ESLKIT_Storage__DataDirectory"] = data });
            await controller.WaitForOutputAsync("keeps running (--serve)", TimeSpan.FromMinutes(5));

            string log = controller.Output;
            Assert.Contains($"EslKit controller API: {url}/api", log, StringComparison.Ordinal);
            Assert.Contains("| total", log, StringComparison.Ordinal);
            Assert.True(log.IndexOf("| total", StringComparison.Ordinal) < log.IndexOf("EslKit controller API:", StringComparison.Ordinal), "the API's lines come after the demo's summary");
            string adminKey = AdminKeyLine().Match(log).Groups[1].Value;
            Assert.Equal((await File.ReadAllTextAsync(Path.Combine(data, "admin.key"))).Trim(), adminKey);
            string trialKey = TenantKeyLine().Match(log).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(trialKey), log);
            Assert.DoesNotContain("p,a}s{s", log, StringComparison.Ordinal);

            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/tenants"))
            {
                request.Headers.Add("X-Api-Key", adminKey);
                var tenants = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(["demo-trial", "demo-pro"], tenants.EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList());
            }

            using (var request = new HttpRequestMessage(HttpMethod.Get, "/api/call-logs?limit=100"))
            {
                request.Headers.Add("X-Api-Key", trialKey);
                var page = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
                var items = page.GetProperty("items").EnumerateArray().ToList();
                Assert.NotEmpty(items);
                Assert.All(items, i => Assert.Equal("trial", i.GetProperty("accountType").GetString()));
            }

            // The console is served beside it: its URL is printed, and the printed admin key signs in there.
            Assert.Contains($"EslKit console: {url}/", log, StringComparison.Ordinal);
            using (var console = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(url) })
            {
                string token = WebConsole.ConsoleClient.Token(await console.GetStringAsync("/sign-in"));
                var signedIn = await console.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = adminKey, ["__RequestVerificationToken"] = token }));
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
                Assert.Contains("demo-pro", await console.GetStringAsync("/Tenants"), StringComparison.Ordinal);
            }

            var ready = await http.GetAsync("/health/ready");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());

            await controller.TerminateAsync(TimeSpan.FromMinutes(2));
            Assert.True(controller.ExitCode == 0, $"exit code {controller.ExitCode}:\n{controller.Output}");
            Assert.Empty(ControllerProcess.ProcessesUsing(data));
            Assert.False(File.Exists(Path.Combine(data, "pgdata", "postmaster.pid")));
        }
        finally
        {
            // Only if the assertions above failed: what the controller left on the folder is ended, by its id.
            ControllerProcess.KillProcessesUsing(data);
            TestFolders.Delete(data);
        }
    }

    [GeneratedRegex(@"^Admin key \(generated for this local setup, kept in [^)]*\): (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AdminKeyLine();

    [GeneratedRegex(@"^Tenant demo-trial \(trial\) API key: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TenantKeyLine();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
