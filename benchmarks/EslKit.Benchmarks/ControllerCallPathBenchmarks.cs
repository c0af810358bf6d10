using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EslKit.Controller.Calls;
using EslKit.Controller.Routing;
using EslKit.Controller.Tenants;
using EslKit.Protocol;
using Microsoft.Extensions.Options;

namespace EslKit.Benchmarks;

/// <summary>
/// The controller's own per-call work outside the database and the sockets, and what it allocates: routing a claimed
/// item into its originate (trial through the shared gateway — the baseline; pro with per-leg credentials, the
/// captures' hostile password and failover), reading the call's end from the real CHANNEL_HANGUP_COMPLETE of capture
/// call-outcomes, and the journal line written for an end while the database is away.
/// </summary>
[MemoryDiagnoser]
public class ControllerCallPathBenchmarks
{
    private static readonly Guid CallId = Guid.Parse("0b7e4c1e-8f6a-4c1d-9e2b-3a4f5d6c7b8a");
    private readonly CallRouter _router = new(Options.Create(new RoutingOptions { SharedGateway = "trunk", SharedCallerId = "010894904" }));
    private readonly Guid[] _oneLeg = [Guid.Parse("d8482845-0000-4000-8000-000000000001")];
    private readonly Guid[] _twoLegs = [Guid.Parse("d8482845-0000-4000-8000-000000000001"), Guid.Parse("bbefcc84-0000-4000-8000-000000000002")];
    private readonly PhoneConfig _pro = new("601548732123", "p,a}s{s'w\"o rd=^^x", "127.0.0.1:5091", "127.0.0.1:5090", "60387033446");
    private readonly RouteTarget _target = new("trunk", "127.0.0.1", 8084);
    private EslEvent _hangup = null!;
    private JournalEntry _entry = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var reader = new EslFrameReader();
        var buffer = new ReadOnlySequence<byte>(FixtureData.Read("freeswitch-calls/call-outcomes.fs.bin"));
        while (reader.TryReadFrame(ref buffer, out var frame))
        {
            if (frame.TryGetEvent(out var view) && view.Name == EslEventName.ChannelHangupComplete)
            {
                var e = view.ToEvent();
                if (e["Channel-Name"] == "sofia/external/601100003")
                {
                    _hangup = e;
                }
            }
        }

        _entry = new JournalEntry(JournalEntry.Hangup, "inbound", CallEndReader.Read(_hangup, "fs1", DateTimeOffset.UnixEpoch)!);
    }

    [Benchmark(Baseline = true)]
    public object RouteTrial() =>
        _router.Route(new RouteRequest(7, AccountType.Trial, null, "601100003", CallId, 3, 1, _oneLeg, null, _target));

    [Benchmark]
    public object RouteProWithFailover() =>
        _router.Route(new RouteRequest(8, AccountType.Pro, _pro, "601100002", CallId, 3, 2, _twoLegs, null, _target));

    [Benchmark]
    public object? ReadHangupEnd() => CallEndReader.Read(_hangup, "fs1", DateTimeOffset.UnixEpoch);

    [Benchmark]
    public byte[] JournalLine() => JsonSerializer.SerializeToUtf8Bytes(_entry, JournalJsonContext.Default.JournalEntry);
}
