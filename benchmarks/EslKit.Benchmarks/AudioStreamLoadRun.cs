using System.Diagnostics;
using System.Globalization;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>audio-load [--streams N] [--seconds S] [--warmup W] [--route audio|raw]</c>: N concurrent 16 kHz mono streams, paced in real time
/// (one 640-byte frame per stream every 20 ms) by <see cref="AudioStreamFeedProcess"/> in a second process,
/// through <c>MapAudioStream</c> into handlers that compute each frame's energy. After W seconds of warm-up it
/// measures S seconds of this process: frames per second, bytes allocated per frame, GCs, CPU per stream; then
/// the frames lost (sent by the feeder and never handed to a handler) and dropped (queue full).
/// <c>--route raw</c> sends the same streams to the baseline, a bare <c>System.Net.WebSockets</c> loop on the same
/// server, to tell what the endpoint adds from what Kestrel and the runtime cost.
/// </summary>
internal static class AudioStreamLoadRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        int streams = Option(args, "--streams", 1000);
        int seconds = Option(args, "--seconds", 30);
        int warmup = Option(args, "--warmup", 5);
        int at = Array.IndexOf(args, "--route");
        string route = at >= 0 && at + 1 < args.Length ? args[at + 1] : "audio";
        await using var server = await AudioStreamLoopback.StartAsync();
        server.Counter.Expect(long.MaxValue);
        using var feeder = Start(server.Port, streams, route);
        await Expect(feeder, "ready");
        await WaitUntilAsync(() => server.Counter.Sessions == streams);

        var self = Process.GetCurrentProcess();
        await feeder.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"feed {warmup + seconds}"));
        await feeder.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(warmup));

        var before = Snapshot(server, self);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var after = Snapshot(server, self);
        double elapsed = clock.Elapsed.TotalSeconds;

        string report = await feeder.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5)) ?? string.Empty;
        var parts = report.Split(' ');
        long sent = long.Parse(parts[1], CultureInfo.InvariantCulture);
        long lateTicks = long.Parse(parts[3], CultureInfo.InvariantCulture);
        var settle = Stopwatch.StartNew();
        while (server.Counter.Frames < sent && settle.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(50);
        }

        long received = server.Counter.Frames;
        await feeder.StandardInput.WriteLineAsync("close");
        await feeder.StandardInput.FlushAsync();
        await Expect(feeder, "closed");
        await WaitUntilAsync(() => server.Counter.Sessions == 0);
        await feeder.StandardInput.WriteLineAsync("exit");
        await feeder.StandardInput.FlushAsync();
        await feeder.WaitForExitAsync();

        long frames = after.Frames - before.Frames;
        double cpu = (after.Cpu - before.Cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Audio stream load on {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}, route /{route}/: {streams} streams of 16 kHz mono (640-byte frames every 20 ms), {warmup} s warm-up, {elapsed:0.0} s measured; the feeder runs in a second process on the same cores"));
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| frames per second (target {streams * 50:N0}) | {frames / elapsed:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bytes allocated per frame (whole server process) | {(after.Allocated - before.Allocated) / (double)Math.Max(1, frames):0.00} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| GCs gen0 / gen1 / gen2 in the window | {after.Gen0 - before.Gen0} / {after.Gen1 - before.Gen1} / {after.Gen2 - before.Gen2} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| server CPU, whole process | {cpu / elapsed * 100:0.0} % of one core |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| server CPU per stream | {cpu / elapsed / streams * 100:0.000} % of one core ({cpu * 1e6 / Math.Max(1, frames):0.0} µs per frame) |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| frames sent by the feeder / handed to handlers | {sent:N0} / {received:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| frames lost (sent, never handed over) | {sent - received:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| frames dropped by full queues | {server.Counter.Dropped:N0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| feeder ticks more than 20 ms late | {lateTicks} of {(warmup + seconds) * 50} |"));
        return sent == received ? 0 : 1;
    }

    private static (long Frames, long Allocated, TimeSpan Cpu, int Gen0, int Gen1, int Gen2) Snapshot(AudioStreamLoopback server, Process self)
    {
        self.Refresh();
        return (server.Counter.Frames, GC.GetTotalAllocatedBytes(precise: true), self.TotalProcessorTime, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
    }

    private static Process Start(int port, int streams, string route)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(AudioStreamFeedProcess).Assembly.Location);
        start.ArgumentList.Add("audio-feed");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--streams");
        start.ArgumentList.Add(streams.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--route");
        start.ArgumentList.Add(route);
        return Process.Start(start) ?? throw new InvalidOperationException("Cannot start the feeder process.");
    }

    private static async Task Expect(Process process, string expected)
    {
        string? line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (line != expected)
        {
            throw new InvalidOperationException($"The feeder said '{line}', not '{expected}'.");
        }
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
