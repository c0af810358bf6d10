using BenchmarkDotNet.Attributes;

namespace EslKit.Benchmarks;

/// <summary>
/// Outbound sessions end to end: 200 calls placed at once by an emulator in another process (so only the
/// server's work and allocations are measured here). The baseline sessions only connect and end; the
/// measured ones do a whole call: connect, myevents, linger, execute answer, execute playback, hangup.
/// Figures are per session.
/// </summary>
[MemoryDiagnoser]
public class OutboundBenchmarks
{
    private const int Calls = 200;
    private EslOutboundServer _connectOnly = null!;
    private EslOutboundServer _fullCall = null!;
    private EmulatorProcessClient _connectOnlyCaller = null!;
    private EmulatorProcessClient _fullCallCaller = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _connectOnly = new EslOutboundServer(new EslOutboundServerOptions { Port = 0, SubscribeToChannelEvents = false, Linger = false }, (_, _) => Task.CompletedTask);
        _fullCall = new EslOutboundServer(new EslOutboundServerOptions { Port = 0 }, async (session, ct) =>
        {
            await session.ExecuteAsync("answer", cancellationToken: ct);
            await session.ExecuteAsync("playback", "/var/sounds/welcome.wav", ct);
            await session.HangupAsync(cancellationToken: ct);
        });
        await _connectOnly.StartAsync();
        await _fullCall.StartAsync();
        _connectOnlyCaller = new EmulatorProcessClient(_connectOnly.LocalEndPoint.Port);
        _fullCallCaller = new EmulatorProcessClient(_fullCall.LocalEndPoint.Port);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _connectOnlyCaller.DisposeAsync();
        await _fullCallCaller.DisposeAsync();
        await _connectOnly.DisposeAsync();
        await _fullCall.DisposeAsync();
    }

    /// <summary>Sessions that connect (channel data) and end at once.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public Task ConnectAndEnd() => _connectOnlyCaller.CommandAsync($"calls {Calls}", "done");

    /// <summary>Sessions that run a whole call.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public Task WholeCall() => _fullCallCaller.CommandAsync($"calls {Calls}", "done");
}
