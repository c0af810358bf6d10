using System.Diagnostics;
using System.Globalization;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>audio-feed --port P --streams N [--route audio|raw]</c>: the load run's stand-in for FreeSWITCH, in its own process so the
/// server's CPU and allocations are measured alone. Connects N streams as mod_audio_stream does, prints
/// <c>ready</c>; on <c>feed S</c> sends one 20 ms frame per stream every 20 ms for S seconds (catching up after a
/// late tick, so the average rate is exact) and prints <c>sent &lt;frames&gt; late &lt;ticks&gt;</c>; on <c>close</c> closes
/// every stream as <c>stop</c> does and prints <c>closed</c>.
/// </summary>
internal static class AudioStreamFeedProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        int port = Option(args, "--port", 0);
        int streams = Option(args, "--streams", 1000);
        int at = Array.IndexOf(args, "--route");
        string route = at >= 0 && at + 1 < args.Length ? args[at + 1] : "audio";
        var clients = new AudioStreamModuleClient[streams];
        for (int i = 0; i < streams; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, streams - i)).Select(async n => clients[n] = await AudioStreamModuleClient.ConnectAsync(port, $"/{route}/load-{n}")));
        }

        Console.WriteLine("ready");
        var frame = AudioStreamModuleClient.Frames(AudioStreamModuleClient.Tone640(), 1);
        while (Console.ReadLine() is { } command)
        {
            if (command.StartsWith("feed ", StringComparison.Ordinal))
            {
                double seconds = double.Parse(command[5..], CultureInfo.InvariantCulture);
                long ticks = (long)(seconds * 50);

                // One sender thread per core, each pacing its share of the streams from the same clock.
                int threads = Math.Max(1, Math.Min(Environment.ProcessorCount, clients.Length));
                var clock = Stopwatch.StartNew();
                var results = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Factory.StartNew(
                    () => Feed(clients.Where((_, i) => i % threads == t).ToArray(), frame, ticks, clock),
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default)));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent {results.Sum(r => r.Sent)} late {results.Max(r => r.Late)}"));
            }
            else if (command == "close")
            {
                foreach (var client in clients)
                {
                    client.Close();
                }

                Console.WriteLine("closed");
            }
            else if (command == "exit")
            {
                break;
            }
        }

        foreach (var client in clients)
        {
            client.Dispose();
        }

        return 0;
    }

    private static (long Sent, long Late) Feed(AudioStreamModuleClient[] clients, byte[] frame, long ticks, Stopwatch clock)
    {
        long sent = 0;
        long late = 0;
        for (long tick = 0; tick < ticks; tick++)
        {
            // Wait for this tick's moment; a tick already past is sent at once (and counted late).
            double wait = tick * 20.0 - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(wait - 0.5));
            }
            else if (wait < -20)
            {
                late++;
            }

            foreach (var client in clients)
            {
                client.Send(frame);
                sent++;
            }
        }

        return (sent, late);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
