using System.Buffers;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using EslKit.Connections;
using EslKit.Protocol;

namespace EslKit.Benchmarks;

/// <summary>
/// The inbound client over real loopback sockets. Event delivery: one operation is the 63 real events of
/// events-plain-all (the capture's event frames) sent by the server and received by the client, which reads
/// five headers of each: Event-Name, Unique-ID (as a Guid), Core-UUID, Event-Sequence and Event-Date-Timestamp
/// (figures are per event); the baseline only reads the same bytes off a socket. Api: one <c>api echo</c>
/// round trip; the baseline writes and reads the same bytes on a raw socket.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ClientBenchmarks
{
    private const int EventsPerCapture = 63;
    private const int SubscriptionConnection = 0;
    private const int HandlerConnection = 1;
    private const int RawConnection = 2;
    private LoopbackSwitch _switch = null!;
    private EslClient _client = null!;
    private EslClient _handlerClient = null!;
    private EslSubscription<EslEvent> _subscription = null!;
    private IDisposable _handler = null!;
    private Socket _raw = null!;
    private byte[] _events = [];
    private byte[] _rawBuffer = new byte[256 * 1024];
    private int _handled;
    private long _checksum;
    private TaskCompletionSource _handledAll = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        byte[] capture = FixtureData.Read("freeswitch/events-plain-all.fs.bin");
        _events = EventFrames(capture);
        _switch = new LoopbackSwitch();
        _client = new EslClient(new EslClientOptions { Port = _switch.Port, HeartbeatTimeout = null });
        _subscription = _client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 1_000_000 });
        await _client.ConnectAsync();
        await _client.RequestEventsAsync(EslEventName.All);

        _handlerClient = new EslClient(new EslClientOptions { Port = _switch.Port, HeartbeatTimeout = null });
        _handler = _handlerClient.AddEventHandler(OnEvent);
        await _handlerClient.ConnectAsync();
        await _handlerClient.RequestEventsAsync(EslEventName.All);

        _raw = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await _raw.ConnectAsync("127.0.0.1", _switch.Port);
        await ReadRawAsync("Content-Type: auth/request\n\n".Length);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _handler.Dispose();
        await _subscription.DisposeAsync();
        await _client.DisposeAsync();
        await _handlerClient.DisposeAsync();
        _raw.Dispose();
        await _switch.DisposeAsync();
    }

    /// <summary>Reads the capture's bytes off a plain socket: the transport's limit.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = EventsPerCapture)]
    [BenchmarkCategory("events")]
    public async Task RawSocketReceive()
    {
        await _switch.SendAsync(RawConnection, _events);
        await ReadRawAsync(_events.Length);
    }

    /// <summary>Events delivered to a subscription, materialised (<see cref="EslEvent"/>), five headers read from each (three as strings).</summary>
    [Benchmark(OperationsPerInvoke = EventsPerCapture)]
    [BenchmarkCategory("events")]
    public async Task<long> SubscriptionReceive()
    {
        await _switch.SendAsync(SubscriptionConnection, _events);
        long checksum = 0;
        for (int i = 0; i < EventsPerCapture; i++)
        {
            var e = await _subscription.Reader.ReadAsync();
            checksum += (long)e.Name;
            checksum += e.UniqueId?.GetHashCode() ?? 0;
            checksum += e["Core-UUID"]?.Length ?? 0;
            checksum += e["Event-Sequence"]?.Length ?? 0;
            checksum += e["Event-Date-Timestamp"]?.Length ?? 0;
        }

        return checksum;
    }

    /// <summary>Events seen in place by an <see cref="EslEventViewHandler"/> that reads the same five headers (as spans).</summary>
    [Benchmark(OperationsPerInvoke = EventsPerCapture)]
    [BenchmarkCategory("events")]
    public async Task<long> InPlaceHandlerReceive()
    {
        _handled = 0;
        _handledAll = new TaskCompletionSource();
        await _switch.SendAsync(HandlerConnection, _events);
        await _handledAll.Task;
        return _checksum;
    }

    /// <summary>One api round trip on a plain socket: write the command, read the reply.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("api")]
    public async Task RawSocketRoundTrip()
    {
        await _raw.SendAsync("api echo hello\n\n"u8.ToArray().AsMemory(), SocketFlags.None);
        await ReadRawAsync("Content-Type: api/response\nContent-Length: 5\n\nhello".Length);
    }

    /// <summary>One <c>api echo hello</c> through the client.</summary>
    [Benchmark]
    [BenchmarkCategory("api")]
    public async Task<string> ApiRoundTrip() => (await _client.ApiAsync("echo", "hello")).Body;

    private void OnEvent(ref EslEventView view)
    {
        _checksum += (long)view.Name;
        _checksum += view.TryGetUniqueId(out var id) ? id.GetHashCode() : 0;
        _checksum += view.TryGetRawValue(EslHeaderNames.CoreUuid, out var core) ? core.Length : 0;
        _checksum += view.TryGetRawValue(EslHeaderNames.EventSequence, out var sequence) ? sequence.Length : 0;
        _checksum += view.TryGetRawValue(EslHeaderNames.EventDateTimestamp, out var timestamp) ? timestamp.Length : 0;
        if (++_handled == EventsPerCapture)
        {
            _handledAll.TrySetResult();
        }
    }

    private async Task ReadRawAsync(int count)
    {
        while (count > 0)
        {
            count -= await _raw.ReceiveAsync(_rawBuffer.AsMemory(0, Math.Min(count, _rawBuffer.Length)), SocketFlags.None);
        }
    }

    private static byte[] EventFrames(byte[] capture)
    {
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(capture);
        var frames = new ArrayBufferWriter<byte>();
        long start = 0;
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            long end = capture.Length - buffer.Length;
            if (frame.ContentType == EslContentType.EventPlain)
            {
                frames.Write(capture.AsSpan((int)start, (int)(end - start)));
            }

            start = end;
        }

        return frames.WrittenSpan.ToArray();
    }
}
