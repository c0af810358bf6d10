using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using EslKit.Commands;

namespace EslKit.Benchmarks;

/// <summary>
/// Writes <c>bgapi originate</c> with ten variables (a chosen UUID, caller ID, timeout, per-call SIP
/// credentials with the capture's hostile password, and campaign ids) over two failover legs to a
/// socket application, into a reused buffer. Baseline: the same bytes built the naive way, escaping with
/// string.Replace, joining with string.Concat and encoding with Encoding.UTF8.GetBytes.
/// </summary>
[MemoryDiagnoser]
public class CommandBenchmarks
{
    private static readonly Guid CallId = Guid.Parse("0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    private static readonly Guid SecondLegId = Guid.Parse("1f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
    private static readonly Guid JobId = Guid.Parse("11111111-2222-4333-8444-555555555555");

    private static readonly (string Name, string Value)[] Variables =
    [
        ("sip_auth_username", "601548732123"),
        ("sip_auth_password", "p,a}s{s'w\"o rd=^^x"),
        ("campaign_id", "c-2026-11"),
        ("tenant_id", "acme sdn bhd"),
        ("call_id", "8d2f61c0-7e43-4c5b-9a71-0b8e5d3f2a19"),
        ("contact_ref", "row 1842, list 7"),
    ];

    private readonly ArrayBufferWriter<byte> _writer = new(4096);
    private EslOriginate _originate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _originate = Build();
        _writer.ResetWrittenCount();
        WriteOriginate();
        byte[] ours = _writer.WrittenSpan.ToArray();
        _writer.ResetWrittenCount();
        NaiveConcat();
        if (!_writer.WrittenSpan.SequenceEqual(ours))
        {
            throw new InvalidOperationException($"The baseline writes different bytes:\n{Encoding.UTF8.GetString(ours)}\n{Encoding.UTF8.GetString(_writer.WrittenSpan)}");
        }
    }

    /// <summary>The naive way: escape with Replace, join with string.Concat, encode to a new array, copy.</summary>
    [Benchmark(Baseline = true)]
    public int NaiveConcat()
    {
        var parts = new List<string>
        {
            "bgapi originate <origination_caller_id_name=", Escape("Acme Sales"),
            ",origination_caller_id_number=+60312345678,originate_timeout=30",
        };
        foreach (var (name, value) in Variables)
        {
            parts.Add(",");
            parts.Add(name);
            parts.Add("=");
            parts.Add(Escape(value));
        }

        parts.Add(">[origination_uuid=" + CallId + "]sofia/external/60123456789@sip1.example.com:5060|[origination_uuid=" + SecondLegId + "]sofia/external/60123456789@10.0.0.2:5060 &socket(");
        parts.Add("10.0.0.5:8084 async full".Replace(" ", "\\s", StringComparison.Ordinal));
        parts.Add(")\nJob-UUID: ");
        parts.Add(JobId.ToString());
        parts.Add("\n\n");
        byte[] bytes = Encoding.UTF8.GetBytes(string.Concat(parts));
        _writer.ResetWrittenCount();
        _writer.Write(bytes);
        return _writer.WrittenCount;
    }

    /// <summary>EslKit: the validated originate escaped and encoded straight into the buffer.</summary>
    [Benchmark]
    public int WriteOriginate()
    {
        _writer.ResetWrittenCount();
        EslCommands.BgApi(_originate, JobId).WriteTo(_writer);
        return _writer.WrittenCount;
    }

    /// <summary>Building (validating, choosing blocks) and writing: the builder itself allocates.</summary>
    [Benchmark]
    public int BuildAndWriteOriginate()
    {
        _writer.ResetWrittenCount();
        EslCommands.BgApi(Build(), JobId).WriteTo(_writer);
        return _writer.WrittenCount;
    }

    private static EslOriginate Build()
    {
        var builder = EslOriginate.CreateBuilder()
            .CallerIdName("Acme Sales")
            .CallerIdNumber("+60312345678")
            .Timeout(30);
        foreach (var (name, value) in Variables)
        {
            builder.Variable(name, value);
        }

        return builder
            .Leg(EslEndpoint.Sofia("external", "60123456789", "sip1.example.com:5060"), CallId)
            .Leg(EslEndpoint.Sofia("external", "60123456789", "10.0.0.2:5060"), SecondLegId)
            .Application(EslApplication.Socket("10.0.0.5", 8084))
            .Build();
    }

    private static string Escape(string value) =>
        value.Replace(",", "\\,", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace(" ", "\\s", StringComparison.Ordinal);
}
