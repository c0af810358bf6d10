using System.Diagnostics;
using EslKit.Diagnostics;
using EslKit.Testing;
using EslKit.Tests.Support;

namespace EslKit.Tests.Inbound;

/// <summary>
/// A bgapi job's string form, its span and its failure messages show the command line only: the Job-UUID
/// travels as a header on the wire and as its own property and tag, never as a second line of text.
/// </summary>
[Collection(SerialTestGroup.Name)]
public sealed class BackgroundJobRenderingTests
{
    [Fact]
    public async Task A_job_and_its_span_show_the_command_without_the_job_uuid_header()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EslDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                lock (spans)
                {
                    spans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("show", "0 total.\n");
        await using var client = new EslClient(new EslClientOptions { Port = fs.Port, Password = fs.Password, HeartbeatTimeout = null });
        await client.ConnectAsync();

        var job = await client.BgApiAsync("show channels");

        Assert.Equal("bgapi show channels", job.Command);
        Assert.Equal($"bgapi show channels [{job.JobUuid}] -> ok", job.ToString());
        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => s.OperationName == "esl bgapi" && (string?)s.GetTagItem("esl.job_uuid") == job.JobUuid.ToString());
        }

        Assert.Equal("bgapi show channels", span.GetTagItem("esl.command"));
        var received = await fs.WaitForCommandAsync("bgapi ");
        Assert.Equal("bgapi show channels", received.Command);
        Assert.Equal(job.JobUuid.ToString(), received["Job-UUID"]);
    }

    [Fact]
    public async Task A_failed_job_names_the_command_on_one_line()
    {
        await using var fs = await EslSwitchEmulator.StartAsync();
        fs.SetApiResponse("originate", "-ERR INVALID_GATEWAY\n");
        await using var client = new EslClient(new EslClientOptions { Port = fs.Port, Password = fs.Password, HeartbeatTimeout = null });
        await client.ConnectAsync();

        var job = await client.BgApiAsync("originate sofia/gateway/nosuchgw/60123456789 &park");
        var failure = Assert.Throws<EslCommandFailedException>(() => job.EnsureSuccess());

        Assert.Equal("bgapi originate sofia/gateway/nosuchgw/60123456789 &park", job.Command);
        Assert.DoesNotContain('\n', job.ToString());
        Assert.DoesNotContain("Job-UUID", failure.Message, StringComparison.Ordinal);
        Assert.Contains("bgapi originate sofia/gateway/nosuchgw/60123456789 &park", failure.Message, StringComparison.Ordinal);
    }
}
