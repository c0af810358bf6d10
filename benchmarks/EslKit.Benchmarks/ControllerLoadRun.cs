using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using EslKit.Controller;
using EslKit.Controller.Campaigns;
using EslKit.Controller.Storage;
using EslKit.Controller.Tenants;
using EslKit.Shared;
using EslKit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>controller-load [--instances I] [--calls N] [--cps C] [--talk-ms T] [--hold H] [--auto-prepare 0] [--statements] [--pool P] [--outcome answered|refused] [--warmup W]</c>: the controller as deployed —
/// I instances (1 by default; processes of their own) on one PostgreSQL (an embedded cluster in a temporary folder), two
/// nodes (emulators in this process), 40 pro tenants (50 calls each) and two trial tenants sharing a trunk of 3.
/// Throughput: N numbers answered and hung up after T ms; originates per second as the nodes received them, every
/// limit checked afterwards on what the nodes measured (tenant, trunk, calls per second per node, one dial per
/// number and per UUID: <see cref="ControllerLimitReport"/>, the checks the multi-instance tests assert);
/// originate-to-socket-connect latency per call (call-log start → the outbound session marking the item answered);
/// the instances' own allocations per call (the runtime's allocated-bytes counter on each instance's /metrics, read
/// before and after the throughput phase: everything the process did, database, ESL, sessions and idle work
/// included). Concurrency: H calls held up at once (2,000 = 40 tenants × 50), the time to get there and the
/// instances' resident memory. W warm-up calls (0 by default) run to the end first and are not measured.
/// </summary>
internal static class ControllerLoadRun
{
    private const int ProTenants = 40;
    private const int TrunkLimit = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        int instanceCount = Option(args, "--instances", 1);
        if (instanceCount is < 1 or > 4)
        {
            Console.Error.WriteLine("--instances must be 1-4 (the embedded cluster's 200 connections are shared out among them).");
            return 2;
        }

        int calls = Option(args, "--calls", 6000);
        int cps = Option(args, "--cps", 400);
        int talkMs = Option(args, "--talk-ms", 1000);
        int hold = Option(args, "--hold", 2000);
        int autoPrepare = Option(args, "--auto-prepare", -1); // -1: the controller's default; 0 turns it off (the baseline)

        // answered (the default): every call answered, its outbound session connected, hung up after --talk-ms.
        // refused: every originate fails at once (UNALLOCATED_NUMBER, final): the dispatcher alone — claim, pace,
        // originate, the failure's call log and outcome — with no outbound session.
        int outcomeAt = Array.IndexOf(args, "--outcome");
        string outcome = outcomeAt >= 0 && outcomeAt + 1 < args.Length ? args[outcomeAt + 1] : "answered";
        if (outcome is not ("answered" or "refused"))
        {
            Console.Error.WriteLine("--outcome must be answered or refused.");
            return 2;
        }

        string settled = outcome == "answered" ? "done" : "failed";

        // Calls run (and not measured) before the measured ones: the processes' JIT (tiered compilation re-compiling
        // the hot paths) then does its work outside the measured phase, as it would in a controller that has run a while.
        int warmup = Option(args, "--warmup", 0);
        string root = Path.Combine(Path.GetTempPath(), "eslkit-controller-load-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101); // the postgres user (when run as root) reaches it
        }
        bool statements = args.Contains("--statements");
        var cluster = await EmbeddedPostgresCluster.StartAsync(root, null, "load", NullLogger.Instance, default);
        if (statements)
        {
            // pg_stat_statements needs preloading: set it and restart the cluster (same port) before anything connects.
            await using (var setup = NpgsqlDataSource.Create(cluster.ConnectionStringFor("load")))
            {
                await setup.CreateCommand("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'").ExecuteNonQueryAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await cluster.StopServerAsync(default);
            await cluster.StartServerAsync(default);
        }

        var switches = new List<EslSwitchEmulator>();
        var instances = new List<ControllerProcessHost>();
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(cluster.ConnectionStringFor("load"));
            await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(default);
            string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Secrets:Keys:k1"] = key,
                ["Secrets:CurrentKeyId"] = "k1",
                ["Routing:SharedGatewayConcurrencyLimit"] = Text(TrunkLimit),
            }).Build();
            var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)).AddEslKitController(configuration, dataSource).BuildServiceProvider();
            await using var _ = services;

            for (int i = 0; i < 2; i++)
            {
                var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { SessionsPerSecond = 5000, MaxSessions = 20000, HeartbeatInterval = TimeSpan.FromSeconds(2) });
                fs.Calls.AddGateway("trunk");
                fs.Calls.AddHost("sip.pro.example:5060").AddAccount("pro-user", "pro-secret");
                fs.Calls.DefaultOutcome = outcome == "answered" ? EslCallOutcome.Answer(TimeSpan.Zero, TimeSpan.FromMilliseconds(talkMs)) : EslCallOutcome.Unallocated();
                switches.Add(fs);
            }

            // Tenants: 40 pro (50 calls each), 2 trial (3 each, one trunk of 3 for both).
            var limits = new Dictionary<string, int>();
            var tenants = new List<Tenant>();
            for (int i = 0; i < ProTenants; i++)
            {
                var pro = await services.GetRequiredService<TenantService>().CreateAsync(new NewTenant($"pro-{i}", AccountType.Pro, 50), default);
                await services.GetRequiredService<PhoneConfigService>().SaveAsync(pro.Id, new PhoneConfig("pro-user", "pro-secret", "sip.pro.example:5060"), default);
                tenants.Add(pro);
                limits[Text(pro.Id)] = 50;
            }

            for (int i = 0; i < 2; i++)
            {
                var trial = await services.GetRequiredService<TenantService>().CreateAsync(new NewTenant($"trial-{i}", AccountType.Trial, 3), default);
                tenants.Add(trial);
                limits[Text(trial.Id)] = 3;
            }

            int next = 0;
            var warmupCampaigns = warmup > 0 ? await CampaignsAsync(services, tenants, warmup, () => next++) : [];
            var throughputCampaigns = await CampaignsAsync(services, tenants, calls, () => next++);
            long[] measuredCampaigns = [.. throughputCampaigns.Select(c => c.Campaign)];

            // Each instance's pool: the controller's default (four per core, at least ten) unless --pool says.
            int poolSize = Option(args, "--pool", 0);
            var metricsUrls = new List<string>();
            for (int i = 0; i < instanceCount; i++)
            {
                int apiPort = FreePort();
                metricsUrls.Add($"http://127.0.0.1:{apiPort}/metrics");
                instances.Add(ControllerProcessHost.Start(Settings($"load-{(char)('a' + i)}", cluster.ConnectionStringFor("load") + (poolSize > 0 ? $";Maximum Pool Size={poolSize}" : string.Empty) + (autoPrepare >= 0 ? $";Max Auto Prepare={autoPrepare}" : string.Empty), key, switches, cps, root, apiPort)));
            }

            await WaitAsync(async () => await ScalarAsync(dataSource, "SELECT count(*) FROM controller_instances") == instanceCount, TimeSpan.FromMinutes(3), instances);
            await Task.Delay(TimeSpan.FromSeconds(3)); // nodes ready in every instance

            if (warmup > 0)
            {
                foreach (var (tenant, campaign) in warmupCampaigns)
                {
                    await services.GetRequiredService<CampaignService>().StartAsync(tenant, campaign, default);
                }

                var warming = Stopwatch.GetTimestamp();
                await WaitAsync(async () => await ScalarAsync(dataSource, "SELECT count(*) FROM campaign_items WHERE state IN ('pending', 'retry', 'dialing', 'answered')") == calls, TimeSpan.FromMinutes(20), instances);
                Console.WriteLine($"warm-up: {warmup} calls in {Stopwatch.GetElapsedTime(warming).TotalSeconds:F1} s, not measured");
            }

            var measuredFrom = DateTimeOffset.UtcNow;
            Console.WriteLine($"controller-load: {calls} calls, {instanceCount} instance(s), 2 nodes at {cps}/s each, {(outcome == "answered" ? $"answered, talk {talkMs} ms" : "refused (UNALLOCATED_NUMBER)")}, {ProTenants} pro tenants x 50 + 2 trial (trunk {TrunkLimit}), {Environment.ProcessorCount} cores, load average {LoadAverage()}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var allocatedBefore = await AllocatedBytesAsync(http, metricsUrls);
            int postmaster = ProcessCpu.PostmasterPid(cluster.DataDirectory);
            var cpuBefore = CpuSeconds(instances, postmaster);
            var databaseBefore = await DatabaseWorkAsync(dataSource);
            if (statements)
            {
                await dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()").ExecuteNonQueryAsync();
            }

            // CPU sampled through the phase, so the middle 80 % of originates gets a figure of its own: the steady state,
            // without the start or the tail (the trial calls trickling through their trunk of 3 with the machine idle).
            using var sampling = new CancellationTokenSource();
            var samples = new List<(DateTimeOffset At, List<(string Name, double Seconds)> Cpu)>();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    var sample = (DateTimeOffset.UtcNow, CpuSeconds(instances, postmaster));
                    lock (samples)
                    {
                        samples.Add(sample);
                    }

                    try
                    {
                        await Task.Delay(250, sampling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            });
            var throughputStarted = Stopwatch.GetTimestamp();
            foreach (var (tenant, campaign) in throughputCampaigns)
            {
                await services.GetRequiredService<CampaignService>().StartAsync(tenant, campaign, default);
            }

            await WaitAsync(async () => await ScalarAsync(dataSource, "SELECT count(*) FROM campaign_items WHERE state IN ('pending', 'retry', 'dialing', 'answered')") == 0, TimeSpan.FromMinutes(20), instances);
            double throughputSeconds = Stopwatch.GetElapsedTime(throughputStarted).TotalSeconds;
            var cpuAfter = CpuSeconds(instances, postmaster);
            await sampling.CancelAsync();
            await sampler;
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // backends report their statistics at most once a second
            var databaseAfter = await DatabaseWorkAsync(dataSource);
            var allocatedAfter = await AllocatedBytesAsync(http, metricsUrls);
            var received = switches.SelectMany(s => s.Calls.Originates).Select(o => o.ReceivedAt).Where(t => t >= measuredFrom).Order().ToList();
            double seconds = (received[^1] - received[0]).TotalSeconds;
            int lo = received.Count / 10;
            int hi = received.Count - 1 - (received.Count / 10);
            double middle = (hi - lo) / (received[hi] - received[lo]).TotalSeconds;
            Console.WriteLine($"originates: {received.Count} in {seconds:F1} s = {received.Count / seconds:F0}/s overall, {middle:F0}/s over the middle 80 %");

            var report = ControllerLimitReport.Measure(switches, limits, "trunk", TrunkLimit, cps);
            int proPeak = limits.Where(l => l.Value == 50).Max(l => report.TenantPeaks.GetValueOrDefault(l.Key));
            long done = await ScalarAsync(dataSource, $"SELECT count(*) FROM campaign_items WHERE state = '{settled}'") - warmup;
            Console.WriteLine($"limits: {(report.Violations.Count == 0 ? "all held" : "BROKEN")} (pro peak {proPeak}/50, trunk peak {report.TrunkPeak}/{TrunkLimit}, node peaks {string.Join(" / ", report.NodePeaks)} per s, limit {cps}), numbers dialled {report.DialsByNumber.Count}, each once {report.DialsByNumber.Values.All(d => d == 1)}, items {settled} {done}/{calls}");
            foreach (string violation in report.Violations.Take(20))
            {
                Console.WriteLine("  violation: " + violation);
            }

            long allocated = allocatedAfter.Zip(allocatedBefore, (after, before) => after - before).Sum();
            Console.WriteLine($"instances' allocations: {allocated / 1048576.0:F0} MiB over the throughput phase ({throughputSeconds:F1} s) = {allocated / (double)calls / 1024:F1} KiB per call (per instance: {string.Join(" / ", allocatedAfter.Zip(allocatedBefore, (after, before) => ((after - before) / 1048576.0).ToString("F0", CultureInfo.InvariantCulture)))} MiB); load average now {LoadAverage()}");
            var cpu = cpuAfter.Zip(cpuBefore, (after, before) => (after.Name, Ms: (after.Seconds - before.Seconds) * 1000 / calls)).ToList();
            Console.WriteLine($"CPU per call over the throughput phase (ms of one core): {string.Join(", ", cpu.Select(c => $"{c.Name} {c.Ms:F2}"))}");
            var steadyFrom = CpuAt(samples, received[lo]);
            var steadyTo = CpuAt(samples, received[hi]);
            Console.WriteLine($"CPU per originate over the middle 80 % (steady state, ms of one core): {string.Join(", ", steadyTo.Zip(steadyFrom, (after, before) => $"{after.Name} {(after.Seconds - before.Seconds) * 1000 / (hi - lo):F2}"))}");
            Console.WriteLine($"database work per call: {string.Join(", ", databaseAfter.Zip(databaseBefore, (after, before) => $"{after.Name} {(after.Value - before.Value) / (double)calls:F1}"))}");
            if (statements)
            {
                await PrintStatementsAsync(dataSource, calls);
                foreach (string url in metricsUrls)
                {
                    // How each instance's hangups were handled (whole run, warm-up included): recorded, known, settled.
                    string text = await http.GetStringAsync(url);
                    Console.WriteLine($"  {url}: {string.Join("; ", text.Split('\n').Where(l => l.StartsWith("eslkit_controller_hangups_heard", StringComparison.Ordinal)))}");
                }
            }
            await using (var shares = Measured(dataSource.CreateCommand($"SELECT claimed_by, count(*) FROM campaign_items WHERE state = '{settled}' AND campaign_id = ANY($1) GROUP BY claimed_by ORDER BY claimed_by"), measuredCampaigns))
            await using (var reader = await shares.ExecuteReaderAsync())
            {
                var parts = new List<string>();
                while (await reader.ReadAsync())
                {
                    parts.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
                }

                Console.WriteLine($"items claimed (last attempt) per instance: {string.Join(", ", parts)}");
            }
            await using (var latency = Measured(dataSource.CreateCommand(
                """
                SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), count(*)
                FROM (SELECT extract(epoch FROM i.answered_at - l.created_at) * 1000 AS ms
                      FROM call_logs l JOIN campaign_items i ON i.call_id = l.call_id AND i.attempt = l.attempt
                      WHERE i.answered_at IS NOT NULL AND i.campaign_id = ANY($1)) AS x
                """), measuredCampaigns))
            await using (var reader = await latency.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                Console.WriteLine(reader.IsDBNull(0)
                    ? "originate-to-socket-connect: no call was answered"
                    : $"originate-to-socket-connect: p50 {reader.GetDouble(0):F1} ms, p99 {reader.GetDouble(1):F1} ms over {reader.GetInt64(2)} calls");
            }

            if (hold > 0 && outcome == "answered")
            {
                foreach (var fs in switches)
                {
                    fs.Calls.DefaultOutcome = EslCallOutcome.NeverHangUp();
                }

                var holdCampaigns = await CampaignsAsync(services, tenants.Take(ProTenants).ToList(), hold, () => next++);
                var started = Stopwatch.GetTimestamp();
                foreach (var (tenant, campaign) in holdCampaigns)
                {
                    await services.GetRequiredService<CampaignService>().StartAsync(tenant, campaign, default);
                }

                long answered = 0;
                var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
                while (answered < hold && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                    answered = await ScalarAsync(dataSource, "SELECT count(*) FROM campaign_items WHERE state = 'answered'");
                }

                double reached = Stopwatch.GetElapsedTime(started).TotalSeconds;
                int up = switches.Sum(s => s.Calls.ActiveCalls);
                long ended = await ScalarAsync(dataSource, "SELECT count(*) FROM campaign_items WHERE state = 'done'") - calls;
                Console.WriteLine($"concurrent: {answered} of {hold} answered calls up at once after {reached:F1} s (nodes report {up} up, {ended} ended early); instances' resident memory {string.Join(" / ", instances.Select(p => p.ResidentMiB().ToString("F0", CultureInfo.InvariantCulture)))} MiB");
                foreach (var instance in instances)
                {
                    Console.WriteLine($"--- instance {instance.Id}: {instance.Output.Split('\n').Length} output lines; last:\n{(instance.Output.Length > 3000 ? instance.Output[^3000..] : instance.Output)}");
                }
            }

            return 0;
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            foreach (var fs in switches)
            {
                await fs.DisposeAsync();
            }

            await cluster.DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    // One campaign per tenant, numbers spread evenly, distinct across the whole run.
    private static async Task<List<(long Tenant, long Campaign)>> CampaignsAsync(IServiceProvider services, List<Tenant> tenants, int total, Func<int> nextNumber)
    {
        var result = new List<(long, long)>();
        var policy = new RetryPolicy(5, 5, 5, 1, 0);
        for (int t = 0; t < tenants.Count; t++)
        {
            int count = (total / tenants.Count) + (t < total % tenants.Count ? 1 : 0);
            var campaign = await services.GetRequiredService<CampaignService>().CreateAsync(
                new NewCampaign(tenants[t].Id, $"load-{Guid.NewGuid():N}", 3, policy, new CallingWindow(TimeOnly.MinValue, TimeOnly.MaxValue)), default);
            var numbers = Enumerable.Range(0, count).Select(_ => "+6012" + (1_000_000 + nextNumber()).ToString(CultureInfo.InvariantCulture)).ToList();
            await services.GetRequiredService<NumberImporter>().ImportAsync(tenants[t].Id, campaign.Id, NumberListReader.FromList(numbers), default);
            result.Add((tenants[t].Id, campaign.Id));
        }

        return result;
    }

    private static Dictionary<string, string> Settings(string id, string connectionString, string key, List<EslSwitchEmulator> switches, int cps, string root, int apiPort)
    {
        var settings = new Dictionary<string, string>
        {
            ["urls"] = $"http://127.0.0.1:{apiPort}",
            ["Storage:ConnectionString"] = connectionString,
            ["Secrets:Keys:k1"] = key,
            ["Secrets:CurrentKeyId"] = "k1",
            ["Routing:SharedGateway"] = "trunk",
            ["Routing:SharedCallerId"] = "010894904",
            ["Routing:SharedGatewayConcurrencyLimit"] = Text(TrunkLimit),
            ["Routing:SocketHost"] = "127.0.0.1",
            ["Routing:SocketPort"] = Text(FreePort()),
            ["Dispatcher:InstanceId"] = id,
            ["Dispatcher:LeaseSeconds"] = "60",
            ["Dispatcher:IdlePollMilliseconds"] = "200",
            ["Dispatcher:HealthCheckSeconds"] = "2",
            ["Calls:StartAudioStream"] = "false",
            ["Outbound:MaxSessions"] = "10000",
            ["Journal:Directory"] = Path.Combine(root, "journal-" + id),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        for (int i = 0; i < switches.Count; i++)
        {
            settings[$"Nodes:{i}:Name"] = $"fs{i + 1}";
            settings[$"Nodes:{i}:Host"] = "127.0.0.1";
            settings[$"Nodes:{i}:Port"] = Text(switches[i].Port);
            settings[$"Nodes:{i}:Password"] = switches[i].Password;
            settings[$"Nodes:{i}:CallsPerSecond"] = Text(cps);
            settings[$"Nodes:{i}:MaxSessions"] = "10000";
        }

        return settings;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, List<ControllerProcessHost> instances)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out.\n" + string.Join("\n", instances.Select(i => i.Output.Length > 4000 ? i.Output[^4000..] : i.Output)));
            }

            await Task.Delay(200);
        }
    }

    // Each instance's dotnet.gc.heap.total_allocated (the runtime's own meter, exported on /metrics).
    private static async Task<List<long>> AllocatedBytesAsync(HttpClient http, List<string> urls)
    {
        const string Series = "dotnet_gc_heap_total_allocated_bytes_total";
        var values = new List<long>();
        foreach (string url in urls)
        {
            string text = await http.GetStringAsync(url);
            string line = text.Split('\n').FirstOrDefault(l => l.StartsWith(Series, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"{Series} is missing from {url}");
            int valueAt = line.IndexOf('}', StringComparison.Ordinal) is int brace and >= 0 ? brace + 1 : Series.Length;
            values.Add((long)double.Parse(line[valueAt..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        }

        return values;
    }

    // Each process's CPU seconds at a moment, interpolated between the two samples around it.
    private static List<(string Name, double Seconds)> CpuAt(List<(DateTimeOffset At, List<(string Name, double Seconds)> Cpu)> samples, DateTimeOffset at)
    {
        int after = samples.FindIndex(s => s.At >= at);
        if (after <= 0)
        {
            return samples[after < 0 ? ^1 : 0].Cpu;
        }

        var (t0, c0) = samples[after - 1];
        var (t1, c1) = samples[after];
        double f = (at - t0).TotalSeconds / (t1 - t0).TotalSeconds;
        return c0.Zip(c1, (a, b) => (a.Name, a.Seconds + ((b.Seconds - a.Seconds) * f))).ToList();
    }

    // CPU seconds so far of each instance, the load process (both emulated nodes), PostgreSQL and the whole machine.
    private static List<(string Name, double Seconds)> CpuSeconds(List<ControllerProcessHost> instances, int postmaster)
    {
        var result = instances.Select((p, i) => ($"instance {(char)('a' + i)}", ProcessCpu.Seconds(p.Id))).ToList();
        result.Add(("load process (nodes)", ProcessCpu.Seconds(Environment.ProcessId)));
        result.Add(("PostgreSQL", ProcessCpu.TreeSeconds(postmaster)));
        result.Add(("machine", ProcessCpu.MachineBusySeconds()));
        return result;
    }

    // The statements that cost the database most over the throughput phase (pg_stat_statements), per call of the run.
    private static async Task PrintStatementsAsync(NpgsqlDataSource dataSource, int calls)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT calls, total_exec_time + total_plan_time, rows, regexp_replace(left(query, 110), '\s+', ' ', 'g')
            FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 15
            """);
        await using var reader = await command.ExecuteReaderAsync();
        Console.WriteLine("statements by database time (per call of the run: executions, ms):");
        while (await reader.ReadAsync())
        {
            Console.WriteLine($"  {reader.GetInt64(0) / (double)calls,6:F2} x {reader.GetDouble(1) / calls,7:F3} ms  {reader.GetString(3)}");
        }
    }

    // The database's own counters (pg_stat_database): transactions (the controller's and this process's polls), rows.
    private static async Task<List<(string Name, long Value)>> DatabaseWorkAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT xact_commit + xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        string[] names = ["transactions", "rows scanned", "rows fetched", "inserted", "updated", "deleted"];
        return names.Select((name, i) => (name, reader.GetInt64(i))).ToList();
    }

    private static NpgsqlCommand Measured(NpgsqlCommand command, long[] campaigns)
    {
        command.Parameters.Add(new() { Value = campaigns });
        return command;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
