using System.Collections.Concurrent;
using EslKit.Tests.Support;

namespace EslKit.Tests.Connections;

/// <summary>Commands pipeline on one connection; replies are matched in order; losses fail everything in flight once.</summary>
public sealed class PipeliningTests
{
    private static EslClient Client(ScriptedPeer peer, TimeSpan? commandTimeout = null) => new(new EslClientOptions
    {
        Port = peer.Port,
        HeartbeatTimeout = null,
        CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(10),
        ShutdownTimeout = TimeSpan.FromMilliseconds(200),
        Reconnect = new EslReconnectOptions { Enabled = false },
    });

    private static async Task<EslClient> ConnectedAsync(ScriptedPeer peer, TimeSpan? commandTimeout = null)
    {
        var client = Client(peer, commandTimeout);
        var connecting = client.ConnectAsync();
        await peer.AcceptAsync();
        var subscribe = await peer.NextAsync();
        Assert.Equal("event plain BACKGROUND_JOB", subscribe.Line);
        await peer.ReplyAsync("+OK event listener enabled plain");
        await connecting;
        return client;
    }

    [Fact]
    public async Task Concurrent_callers_each_get_their_own_reply()
    {
        await using var peer = ScriptedPeer.Start();
        await using var client = await ConnectedAsync(peer);

        var calls = Enumerable.Range(0, 500).Select(i => client.ApiAsync("echo", $"call-{i}")).ToArray();
        for (int i = 0; i < calls.Length; i++)
        {
            var packet = await peer.NextAsync();
            await peer.ApiResponseAsync(packet.Line["api echo ".Length..]);
        }

        var results = await Task.WhenAll(calls);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"call-{i}"), results.Select(r => r.Body));
    }

    [Fact]
    public async Task A_timed_out_command_does_not_steal_the_next_reply()
    {
        await using var peer = ScriptedPeer.Start();
        await using var client = await ConnectedAsync(peer, TimeSpan.FromSeconds(1));

        var slow = client.ApiAsync("echo", "slow");
        await peer.NextAsync();
        var timeout = await Assert.ThrowsAsync<EslCommandTimeoutException>(() => slow);
        Assert.Equal("api echo slow", timeout.Command);

        var next = client.ApiAsync("echo", "next");
        await peer.NextAsync();
        await peer.ApiResponseAsync("slow");   // the late answer to the first command
        await peer.ApiResponseAsync("next");

        Assert.Equal("next", (await next).Body);
    }

    [Fact]
    public async Task A_cancelled_command_leaves_the_reply_order_intact()
    {
        await using var peer = ScriptedPeer.Start();
        await using var client = await ConnectedAsync(peer);
        using var cancel = new CancellationTokenSource();

        var first = client.ApiAsync("echo", "first", cancel.Token);
        await peer.NextAsync();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        var second = client.ApiAsync("echo", "second");
        await peer.NextAsync();
        await peer.ApiResponseAsync("first");
        await peer.ApiResponseAsync("second");

        Assert.Equal("second", (await second).Body);
    }

    [Fact]
    public async Task A_thousand_bgapi_in_flight_when_the_server_drops_each_end_once_typed()
    {
        await using var peer = ScriptedPeer.Start();
        await using var client = await ConnectedAsync(peer);
        var completions = new ConcurrentDictionary<int, int>();

        var jobs = Enumerable.Range(0, 1000).Select(async i =>
        {
            try
            {
                var job = await client.BgApiAsync("echo", $"job-{i}");
                return (i, Outcome: job.Body == $"job-{i}" ? "done" : "wrong body");
            }
            catch (EslConnectionLostException)
            {
                return (i, Outcome: "lost");
            }
            finally
            {
                completions.AddOrUpdate(i, 1, (_, n) => n + 1);
            }
        }).ToArray();

        // Answer every bgapi, finish the first 400 jobs, then vanish.
        var accepted = new List<(string Job, string Body)>();
        for (int i = 0; i < 1000; i++)
        {
            var packet = await peer.NextAsync();
            string job = packet.Headers["Job-UUID"];
            await peer.ReplyAsync($"+OK Job-UUID: {job}", $"Job-UUID: {job}\n");
            accepted.Add((job, packet.Line["bgapi echo ".Length..]));
        }

        foreach (var (job, body) in accepted.Take(400))
        {
            await peer.EventAsync($"Event-Name: BACKGROUND_JOB\nJob-UUID: {job}\nJob-Command: echo\n", body);
        }

        // Wait until the 400 results are in before dropping, so the split is exact.
        while (jobs.Count(t => t.IsCompleted) < 400)
        {
            await Task.WhenAny(jobs.Where(t => !t.IsCompleted).Append(Task.Delay(5000)));
        }

        peer.Drop();
        var outcomes = await Task.WhenAll(jobs).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(400, outcomes.Count(o => o.Outcome == "done"));
        Assert.Equal(600, outcomes.Count(o => o.Outcome == "lost"));
        Assert.Equal(1000, completions.Count);
        Assert.All(completions.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Commands_after_a_loss_fail_fast_with_a_typed_error()
    {
        await using var peer = ScriptedPeer.Start();
        await using var client = await ConnectedAsync(peer);
        var lost = new TaskCompletionSource<EslConnectionStateChangedEventArgs>();
        client.StateChanged += (_, e) => lost.TrySetResult(e);

        peer.Drop();
        var change = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(EslConnectionState.Disconnected, change.Current);
        Assert.NotNull(change.Reason);
        await Assert.ThrowsAsync<EslConnectionLostException>(() => client.ApiAsync("status"));
    }
}
