using System.Diagnostics;
using EslKit.Diagnostics;
using EslKit.Testing;
using EslKit.Tests.Support;

namespace EslKit.Tests.Inbound;

/// <summary>Spans, metrics and logs: everything observable, nothing secret.</summary>
[Collection(SerialTestGroup.Name)]
public sealed class ClientDiagnosticsTests
{
    private const string SipPassword = "hunter2-sip-secret";

    [Fact]
    public async Task Spans_metrics_and_logs_carry_no_secret()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EslDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var metrics = new MetricRecorder();
        var log = new CollectingLogger<EslClient>();
        await using var fs = await EslSwitchEmulator.StartAsync(new EslEmulatorOptions { Password = "Esl-Pass-Secret" });
        fs.SetApiResponse("originate", "-ERR CALL_REJECTED\n");
        await using var client = new EslClient(new EslClientOptions { Port = fs.Port, Password = "Esl-Pass-Secret", HeartbeatTimeout = null, CommandTimeout = TimeSpan.FromSeconds(2) }, log);
        await client.ConnectAsync();

        var job = await client.BgApiAsync("originate", $"{{sip_auth_username=600,sip_auth_password={SipPassword}}}sofia/external/600@127.0.0.1 &park");
        fs.StallAll();
        await Assert.ThrowsAsync<EslKit.EslCommandTimeoutException>(() => client.ApiAsync("originate", $"{{sip_auth_password={SipPassword}}}sofia/external/600@127.0.0.1 &park"));
        fs.ResumeAll();

        Assert.False(job.IsSuccess);
        var span = Assert.Single(spans, s => s.OperationName == "esl bgapi");
        string rendered = (string)span.GetTagItem("esl.command")!;
        Assert.Contains("originate", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain(SipPassword, rendered, StringComparison.Ordinal);
        Assert.Equal(job.JobUuid.ToString(), span.GetTagItem("esl.job_uuid"));
        Assert.Contains(spans, s => s.OperationName == "esl api" && s.Status == ActivityStatusCode.Error);
        Assert.DoesNotContain(SipPassword, job.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SipPassword, log.All, StringComparison.Ordinal);
        Assert.DoesNotContain("Esl-Pass-Secret", log.All, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.EventId == 1020); // the timeout was logged, redacted
        Assert.All(spans.SelectMany(s => s.Tags), t => Assert.DoesNotContain(SipPassword, t.Value ?? string.Empty, StringComparison.Ordinal));
        Assert.True(metrics.Sum("eslkit.frames.received") >= 3);
        Assert.True(metrics.Sum("eslkit.bytes.sent") > 0);
        Assert.Contains(metrics.Measurements, m => m.Instrument == "eslkit.command.duration" && (string?)m.Tags["operation"] == "bgapi");
        Assert.Contains(metrics.Measurements, m => m.Instrument == "eslkit.command.duration" && (string?)m.Tags["outcome"] == "timeout");
        Assert.All(metrics.Measurements.SelectMany(m => m.Tags.Values), v => Assert.DoesNotContain(SipPassword, v?.ToString() ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reconnects_and_dropped_events_are_counted()
    {
        using var metrics = new MetricRecorder();
        await using var fs = await EslSwitchEmulator.StartAsync();
        await using var client = new EslClient(new EslClientOptions
        {
            Port = fs.Port,
            Password = fs.Password,
            HeartbeatTimeout = null,
            Reconnect = new EslReconnectOptions { InitialDelay = TimeSpan.FromMilliseconds(10) },
        });
        var reconnected = new TaskCompletionSource();
        client.StateChanged += (_, e) =>
        {
            if (e.Previous == EslConnectionState.Reconnecting && e.Current == EslConnectionState.Connected)
            {
                reconnected.TrySetResult();
            }
        };
        await client.ConnectAsync();
        await client.RequestEventsAsync([], ["lab::a", "lab::b"]);
        await using var tiny = client.OpenEventStream(options: new EslSubscriptionOptions { Capacity = 1 });
        await using var witness = client.OpenEventStream();

        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::a"));
        await fs.PublishAsync(fs.CreateEvent("CUSTOM", "lab::b"));
        await ClientEmulatorTests.ReadAsync(witness, 2);
        await fs.DropAllAsync();
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, metrics.Sum("eslkit.events.dropped"));
        Assert.Equal(1, metrics.Sum("eslkit.reconnects"));
    }
}
