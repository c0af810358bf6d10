using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Tenants;
using EslKit.Controller.Tests.Support;
using EslKit.Shared;
using EslKit.Testing;

namespace EslKit.Controller.Tests.Integration;

/// <summary>
/// Two controller instances in processes of their own on one database, two FreeSWITCH nodes (emulators on
/// loopback), three tenants (two trial sharing the trunk, one pro). What the nodes measured, merged on one clock:
/// each tenant's and the shared trunk's concurrency never passed its limit, each node's originates per second never
/// passed its own, every number dialled once, every item final — also when one instance is SIGKILLed mid-campaign,
/// where every answered call still gets its call log (from the other instance's hangup listener) and the dead
/// instance's items are rescued without a second dial.
/// </summary>
public sealed class MultiInstanceTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const int CallsPerSecond = 5;
    private const int TrunkLimit = 3;

    [Fact]
    public async Task Limits_hold_across_two_instances_and_two_nodes_and_nothing_is_dialled_twice()
    {
        await using var run = await Run.StartAsync(this, TimeSpan.FromSeconds(1.5), numbersPerTenant: 12);
        await run.WaitAllSettledAsync();
        run.AssertLimitsAndSingleDials();
        Assert.Equal(2L, await Database.ScalarAsync<long>("SELECT count(DISTINCT claimed_by) FROM campaign_items"));
        Assert.All(await run.ItemsAsync(), i => Assert.Equal(("done", "answered", 1), (i.State, i.Disposition, i.Attempt)));
    }

    [Fact]
    public async Task An_instance_killed_mid_campaign_loses_no_call_log_and_nothing_is_dialled_twice()
    {
        await using var run = await Run.StartAsync(this, TimeSpan.FromSeconds(4), numbersPerTenant: 10);

        // Whichever instance has calls up is killed: the one whose calls end first is woken first and takes the freed
        // slots, so either can hold every slot of this small campaign while the other finds none.
        string? victim = null;
        await run.WaitUntilAsync(
            async () => (victim = await Database.ScalarAsync<string?>(
                "SELECT claimed_by FROM campaign_items WHERE state = 'answered' AND claimed_by IS NOT NULL GROUP BY claimed_by HAVING count(*) >= 2 ORDER BY claimed_by LIMIT 1")) is not null,
            "an instance to have calls up");
        string survivor = victim == "inst-a" ? "inst-b" : "inst-a";
        run.Instances[victim == "inst-a" ? 0 : 1].Kill();

        await run.WaitAllSettledAsync();
        run.AssertLimitsAndSingleDials();
        Assert.All(await run.ItemsAsync(), i => Assert.Equal(("done", "answered"), (i.State, i.Disposition)));

        // Every call a node answered has its log, ended, whoever placed it.
        int answered = run.Switches.Sum(s => s.Calls.Originates.Count(o => o.Result?.StartsWith("+OK", StringComparison.Ordinal) == true));
        Assert.Equal((long)answered, await Database.ScalarAsync<long>("SELECT count(*) FROM call_logs WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL"));
        Assert.Equal(0L, await Database.ScalarAsync<long>("SELECT count(*) FROM call_logs WHERE ended_at IS NULL"));
        Assert.True(await Database.ScalarAsync<long>("SELECT count(*) FROM call_logs l JOIN campaign_items i ON i.call_id = l.call_id WHERE l.attempt = 1 AND i.claimed_by = $1", survivor) > 0);
    }

    /// <summary>One run: the nodes, the tenants and campaigns, the two controller processes.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly MultiInstanceTests _test;
        private readonly List<string> _folders = [];
        private readonly List<long> _campaigns = [];
        private readonly Dictionary<string, int> _limits = [];
        private int _numbers;

        private Run(MultiInstanceTests test) => _test = test;

        public List<EslSwitchEmulator> Switches { get; } = [];

        public List<ControllerProcess> Instances { get; } = [];

        public static async Task<Run> StartAsync(MultiInstanceTests test, TimeSpan talk, int numbersPerTenant)
        {
            var run = new Run(test);
            try
            {
                await run.StartSwitchesAsync(talk);
                var services = test.Services;
                var trialA = await services.TenantAsync(AccountType.Trial, 3);
                var trialB = await services.TenantAsync(AccountType.Trial, 2);
                var pro = await services.TenantAsync(AccountType.Pro, 4);
                await services.Get<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("pro-user", "pro-secret", "sip.pro.example:5060"), default);
                run._limits[Text(trialA.Id)] = 3;
                run._limits[Text(trialB.Id)] = 2;
                run._limits[Text(pro.Id)] = 4;
                var policy = new RetryPolicy(1, 1, FailureSeconds: 1, 1, 0);
                int first = 600;
                var campaigns = new List<Campaign>();
                foreach (var tenant in new[] { trialA, trialB, pro })
                {
                    var campaign = await services.CampaignAsync(tenant.Id, maxAttempts: 3, policy: policy);
                    await services.ImportAsync(campaign, [.. Seed.MalaysianMobiles(numbersPerTenant, first).Select(n => "+" + n)]);
                    first += numbersPerTenant;
                    run._numbers += numbersPerTenant;
                    campaigns.Add(campaign);
                    run._campaigns.Add(campaign.Id);
                }

                run.Instances.Add(run.StartInstance("inst-a"));
                run.Instances.Add(run.StartInstance("inst-b"));
                await run.WaitUntilAsync(
                    async () => await test.Database.ScalarAsync<long>("SELECT count(*) FROM controller_instances") == 2,
                    "both instances to run",
                    TimeSpan.FromSeconds(120));
                foreach (var campaign in campaigns)
                {
                    await services.Get<CampaignService>().StartAsync(campaign.TenantId, campaign.Id, default);
                }

                return run;
            }
            catch
            {
                await run.DisposeAsync();
                throw;
            }
        }

        public async Task<IReadOnlyList<ItemRow>> ItemsAsync()
        {
            var items = new List<ItemRow>();
            foreach (long campaign in _campaigns)
            {
                items.AddRange(await ItemRow.ListAsync(_test.Database, campaign));
            }

            return items;
        }

        public Task WaitAllSettledAsync() => WaitUntilAsync(
            async () =>
            {
                foreach (long campaign in _campaigns)
                {
                    if (!await ItemRow.AllSettledAsync(_test.Database, campaign))
                    {
                        return false;
                    }
                }

                return true;
            },
            "every item to settle",
            TimeSpan.FromSeconds(240));

        public void AssertLimitsAndSingleDials()
        {
            // The checks the controller-load benchmark reports too (tests/Shared/ControllerLimitReport.cs).
            var report = ControllerLimitReport.Measure(Switches, _limits, "trunk", TrunkLimit, CallsPerSecond);
            Assert.Empty(report.Violations);
            Assert.All(_limits.Keys, tenant => Assert.True(report.TenantPeaks.GetValueOrDefault(tenant) >= 1, $"tenant {tenant} never had a call up"));
            Assert.True(report.TrunkPeak >= 1, "the trunk never had a call up");
            Assert.Equal(_numbers, report.DialsByNumber.Count); // every number dialled (once: no violation)
        }

        public async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
            while (!await condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Timed out waiting for {what}.\n{string.Join("\n", Instances.Select((p, i) => $"--- instance {i} ---\n{Tail(p.Output)}"))}");
                }

                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var instance in Instances)
            {
                await instance.DisposeAsync();
            }

            foreach (var fs in Switches)
            {
                await fs.DisposeAsync();
            }

            foreach (string folder in _folders)
            {
                TestFolders.Delete(folder);
            }
        }

        private async Task StartSwitchesAsync(TimeSpan talk)
        {
            for (int i = 0; i < 2; i++)
            {
                var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions
                {
                    SessionsPerSecond = 100,
                    MaxSessions = 500,
                    HeartbeatInterval = TimeSpan.FromSeconds(2),
                });
                Switches.Add(fs);
                fs.Calls.AddGateway("trunk");
                fs.Calls.AddHost("sip.pro.example:5060").AddAccount("pro-user", "pro-secret");
                fs.Calls.DefaultOutcome = EslCallOutcome.Answer(TimeSpan.Zero, talk);
            }
        }

        private ControllerProcess StartInstance(string id)
        {
            string journal = TestFolders.Create("eslkit-journal-" + id);
            _folders.Add(journal);
            var settings = new Dictionary<string, string>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Storage:ConnectionString"] = _test.Database.ConnectionString,
                ["Secrets:Keys:k1"] = ControllerServices.KeyOne,
                ["Secrets:CurrentKeyId"] = "k1",
                ["Routing:SharedGateway"] = "trunk",
                ["Routing:SharedCallerId"] = "010894904",
                ["Routing:SharedGatewayConcurrencyLimit"] = Text(TrunkLimit),
                ["Routing:SocketHost"] = "127.0.0.1",
                ["Routing:SocketPort"] = Text(FreePort()),
                ["Dispatcher:InstanceId"] = id,
                ["Dispatcher:LeaseSeconds"] = "10",
                ["Dispatcher:IdlePollMilliseconds"] = "200",
                ["Dispatcher:HealthCheckSeconds"] = "1",
                ["Dispatcher:PacingMarginMilliseconds"] = "250",
                ["Dispatcher:ShutdownGraceSeconds"] = "5",
                ["Calls:StartAudioStream"] = "false",
                ["Outbound:ShutdownTimeout"] = "00:00:05",
                ["Journal:Directory"] = journal,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:EslKit.Controller.Campaigns.Dispatch.LeaseRescuer"] = "Information",
            };
            for (int i = 0; i < Switches.Count; i++)
            {
                settings[$"Nodes:{i}:Name"] = $"fs{i + 1}";
                settings[$"Nodes:{i}:Host"] = "127.0.0.1";
                settings[$"Nodes:{i}:Port"] = Text(Switches[i].Port);
                settings[$"Nodes:{i}:Password"] = Switches[i].Password;
                settings[$"Nodes:{i}:CallsPerSecond"] = Text(CallsPerSecond);
                settings[$"Nodes:{i}:MaxSessions"] = "200";
            }

            return ControllerProcess.Start(settings);
        }

        private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
