using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using EslKit.Diagnostics;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>load [--sessions N] [--rounds R] [--rate CPS]</c>, with calls from an emulator in a separate process into
/// one <see cref="EslOutboundServer"/>, each doing connect, myevents, linger, execute answer, execute playback,
/// hangup (and exit):
/// steady state: N calls arriving at CPS a second and lasting long enough that N are up at once, with
/// command round trips (p50/p99, from EslKit's own duration histogram) and execute round trips;
/// burst: N calls placed at once, R times: sessions per second the server completes;
/// idle: N calls connected and waiting: the server's memory per idle session.
/// </summary>
internal static class OutboundLoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        int sessions = Option(args, "--sessions", 2000);
        int rounds = Option(args, "--rounds", 3);
        int rate = Option(args, "--rate", 200);
        var commands = new ConcurrentBag<(string Operation, double Ms)>();
        var executes = new ConcurrentBag<double>();
        bool idle = false;
        using var meter = new MeterListener();
        meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == EslDiagnostics.Name && instrument.Name == "eslkit.command.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        meter.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    commands.Add(((string)tag.Value!, value));
                }
            }
        });
        meter.Start();

        var options = new EslOutboundServerOptions { Port = 0, MaxSessions = sessions * 2, ShutdownTimeout = TimeSpan.FromSeconds(30) };
        await using var server = new EslOutboundServer(options, async (session, ct) =>
        {
            if (Volatile.Read(ref idle))
            {
                await Task.Delay(Timeout.Infinite, session.HangupToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            // The answer execute is timed: playback lasts as long as the emulator is told to play.
            long start = Stopwatch.GetTimestamp();
            await session.ExecuteAsync("answer", cancellationToken: ct);
            executes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            await session.ExecuteAsync("playback", "/var/sounds/welcome.wav", ct);
            await session.HangupAsync(cancellationToken: ct);
        });
        await server.StartAsync();
        await using var fs = new EmulatorProcessClient(server.LocalEndPoint.Port);

        await fs.CommandAsync("calls 200", "done"); // warm up both processes

        // Steady state: calls last (N / rate) seconds plus a little, so about N are up at once.
        commands.Clear();
        executes.Clear();
        int peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.ActiveSessions);
                await Task.Delay(50, CancellationToken.None);
            }
        });
        double holdMs = (sessions * 1000.0 / rate) + 2000;
        var steadyClock = Stopwatch.StartNew();
        await fs.CommandAsync(string.Create(CultureInfo.InvariantCulture, $"paced {sessions} {rate} {holdMs}"), "done");
        await WaitUntilAsync(() => server.ActiveSessions == 0);
        await sampling.CancelAsync();
        await sampler;
        var steadyCommands = commands.ToArray();
        var steadyExecutes = executes.ToArray();
        var steadyElapsed = steadyClock.Elapsed;

        // Burst: everything at once, for capacity.
        commands.Clear();
        executes.Clear();
        var rates = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await fs.CommandAsync($"calls {sessions}", "done");
            await WaitUntilAsync(() => server.ActiveSessions == 0);
            rates.Add(sessions / clock.Elapsed.TotalSeconds);
        }

        var burstCommands = commands.ToArray();

        Volatile.Write(ref idle, true);
        long heapBefore = SettledHeap();
        await fs.CommandAsync($"idle {sessions}", "up");
        await WaitUntilAsync(() => server.ActiveSessions == sessions);
        long heapIdle = SettledHeap();
        await fs.CommandAsync("hangup", "done");
        await WaitUntilAsync(() => server.ActiveSessions == 0);

        Console.WriteLine($"Outbound load on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}; the emulator runs in a second process on the same cores");
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Steady state: {sessions} calls at {rate}/s, each up {holdMs / 1000:0.#} s; peak {peak} concurrent sessions; {steadyElapsed.TotalSeconds:0.0} s"));
        Console.WriteLine();
        Console.WriteLine("| measure | p50 | p99 | max | samples |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("command round trip, all", steadyCommands.Select(c => c.Ms)));
        foreach (var group in steadyCommands.GroupBy(c => c.Operation).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(Row($"command round trip, {group.Key}", group.Select(c => c.Ms)));
        }

        Console.WriteLine(Row("execute answer (sendmsg to its CHANNEL_EXECUTE_COMPLETE)", steadyExecutes));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Burst: {sessions} calls placed at once, {rounds} rounds: {string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} whole calls per second; command round trip under that saturation:"));
        Console.WriteLine();
        Console.WriteLine("| measure | p50 | p99 | max | samples |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Console.WriteLine(Row("command round trip, all (burst)", burstCommands.Select(c => c.Ms)));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Idle: {sessions} sessions connected and waiting: {(heapIdle - heapBefore) / (double)sessions / 1024:N1} KiB managed heap per session"));
        return 0;
    }

    private static string Row(string name, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return $"| {name} | - | - | - | 0 |";
        }

        double At(double q) => sorted[(int)Math.Round((sorted.Length - 1) * q)];
        return string.Create(CultureInfo.InvariantCulture, $"| {name} | {At(0.5):0.00} ms | {At(0.99):0.00} ms | {sorted[^1]:0.00} ms | {sorted.Length} |");
    }

    private static long SettledHeap()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
