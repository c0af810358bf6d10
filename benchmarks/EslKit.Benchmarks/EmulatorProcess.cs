using System.Net;
using EslKit.Testing;

namespace EslKit.Benchmarks;

/// <summary>
/// The "FreeSWITCH" of the outbound load runs, in its own process so the server's measurements hold only
/// the server's own work and memory. Reads commands on stdin, one per line, and answers on stdout:
/// <c>calls N</c> places N calls (answer, playback, hangup are up to the server) and answers <c>done</c>
/// when all have ended; <c>idle N</c> places N calls and answers <c>up</c> once all are connected;
/// <c>paced N R MS</c> places N calls at R a second, each playing MS milliseconds, and answers <c>done</c>
/// when all have ended; <c>hangup</c> hangs every call up and answers <c>done</c>; <c>exit</c> ends.
/// </summary>
internal static class EmulatorProcess
{
    public static async Task<int> RunAsync(string[] args)
    {
        int port = int.Parse(args[Array.IndexOf(args, "--port") + 1], System.Globalization.CultureInfo.InvariantCulture);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        await using var fs = await EslSwitchEmulator.StartAsync();
        string? line;
        while ((line = await Console.In.ReadLineAsync()) is not null)
        {
            var words = line.Split(' ');
            switch (words[0])
            {
                case "calls":
                    await fs.ConnectOutboundManyAsync(target, int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), _ => Call(), maxConnecting: 256);
                    await fs.WaitForOutboundCallsAsync(TimeSpan.FromMinutes(5));
                    await Console.Out.WriteLineAsync("done");
                    break;
                case "idle":
                    var calls = await fs.ConnectOutboundManyAsync(target, int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture), _ => Call(), maxConnecting: 256);
                    foreach (var call in calls)
                    {
                        await call.WaitForConnectAsync(TimeSpan.FromMinutes(5));
                    }

                    await Console.Out.WriteLineAsync("up");
                    break;
                case "paced":
                    int count = int.Parse(words[1], System.Globalization.CultureInfo.InvariantCulture);
                    double perSecond = double.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture);
                    var playback = TimeSpan.FromMilliseconds(double.Parse(words[3], System.Globalization.CultureInfo.InvariantCulture));
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var placing = new List<Task>(count);
                    for (int i = 0; i < count; i++)
                    {
                        var due = TimeSpan.FromSeconds(i / perSecond);
                        if (due > clock.Elapsed)
                        {
                            await Task.Delay(due - clock.Elapsed);
                        }

                        placing.Add(fs.ConnectOutboundAsync(target, new EslOutboundCallOptions { ParkDelay = null, DefaultPlaybackDuration = playback }));
                    }

                    await Task.WhenAll(placing);
                    await fs.WaitForOutboundCallsAsync(TimeSpan.FromMinutes(5));
                    await Console.Out.WriteLineAsync("done");
                    break;
                case "hangup":
                    foreach (var call in fs.OutboundCalls)
                    {
                        await call.HangupAsync();
                    }

                    await fs.WaitForOutboundCallsAsync(TimeSpan.FromMinutes(5));
                    await Console.Out.WriteLineAsync("done");
                    break;
                case "exit":
                    return 0;
            }

            await Console.Out.FlushAsync();
        }

        return 0;
    }

    private static EslOutboundCallOptions Call() => new() { ParkDelay = null, DefaultPlaybackDuration = TimeSpan.Zero };
}
