using BenchmarkDotNet.Attributes;

namespace EslKit.Benchmarks;

/// <summary>
/// Per-frame cost of receiving mod_audio_stream audio over loopback WebSockets into a real Kestrel: each operation
/// is one 20 ms, 640-byte frame of one of <see cref="Streams"/> concurrent streams, sent as the module sends it
/// (masked, prepared once) and consumed by a handler that computes its energy. Baseline: the same frames into a
/// bare <c>System.Net.WebSockets</c> receive loop on the same server (no checks, no queue, no pooling needed).
/// One invocation is 5,000 frames spread over the streams (50 per stream at 100 streams: one second of audio).
/// The clients run in this process and allocate nothing per frame, so Allocated is the server's.
/// </summary>
[MemoryDiagnoser]
public class AudioStreamBenchmarks
{
    private const int FramesPerInvocation = 5000;
    private AudioStreamLoopback _server = null!;
    private AudioStreamModuleClient[] _endpointClients = [];
    private AudioStreamModuleClient[] _rawClients = [];
    private byte[] _burst = [];

    /// <summary>Concurrent streams.</summary>
    [Params(100, 1000)]
    public int Streams { get; set; }

    // Synchronous on purpose: the in-process toolchains (what a loaded machine needs) do not await async setups.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _server = await AudioStreamLoopback.StartAsync();
        _endpointClients = await ConnectAsync("/audio/");
        _rawClients = await ConnectAsync("/raw/");
        _burst = AudioStreamModuleClient.Frames(AudioStreamModuleClient.Tone640(), FramesPerInvocation / Streams);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (_server.Counter.Sessions < 2 * Streams && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }

    private async Task CleanupAsync()
    {
        foreach (var client in _endpointClients.Concat(_rawClients))
        {
            client.Close();
            client.Dispose();
        }

        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerInvocation)]
    public void RawWebSocket() => Feed(_rawClients);

    [Benchmark(OperationsPerInvoke = FramesPerInvocation)]
    public void MapAudioStream() => Feed(_endpointClients);

    private void Feed(AudioStreamModuleClient[] clients)
    {
        _server.Counter.Expect(FramesPerInvocation);
        foreach (var client in clients)
        {
            client.Send(_burst);
        }

        if (!_server.Counter.Reached.Wait(TimeSpan.FromMinutes(1)))
        {
            throw new InvalidOperationException($"Only {_server.Counter.Frames} of {FramesPerInvocation} frames arrived ({_server.Counter.Dropped} dropped).");
        }
    }

    private async Task<AudioStreamModuleClient[]> ConnectAsync(string prefix)
    {
        var clients = new AudioStreamModuleClient[Streams];
        for (int i = 0; i < Streams; i += 50)
        {
            await Task.WhenAll(Enumerable.Range(i, Math.Min(50, Streams - i)).Select(async n => clients[n] = await AudioStreamModuleClient.ConnectAsync(_server.Port, prefix + "bench-" + n)));
        }

        return clients;
    }
}
