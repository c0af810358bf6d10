using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Tests.Nodes;

/// <summary>
/// The shared node pacer on a real PostgreSQL: several pacers (one per "instance", each with its own data source)
/// taking permits at once never pass the node's calls per second in any window, measured on the permits' own
/// database times; a permit counts while pending, however old, and from its settling on; a pause holds for all of
/// them; released permits can be taken again.
/// </summary>
public sealed class DatabaseNodePacerTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    private const int PerSecond = 10;

    private static DatabaseNodePacer Pacer(NpgsqlDataSource dataSource, int marginMs = 0) =>
        new(dataSource, Options.Create(new DispatcherOptions { PacingMarginMilliseconds = marginMs }));

    [Fact]
    public async Task Restamped_permits_count_from_when_their_originates_left_so_a_late_send_cannot_share_a_window_with_the_next_grant()
    {
        var pacer = Pacer(Database.DataSource);
        var grant = await pacer.AcquireAsync("fs-late", PerSecond, PerSecond, default);
        Assert.Equal(PerSecond, grant.Granted);

        // The sends trailed the grant by 400 ms (a busy machine); the permits move to then.
        await Task.Delay(400);
        await pacer.SettleAsync("fs-late", grant.TakenAt, PerSecond, default);
        var permits = await Database.ScalarAsync<DateTime[]>("SELECT permits FROM node_pacing WHERE node = 'fs-late'");
        Assert.Equal(PerSecond, permits.Length);
        Assert.All(permits, t => Assert.True(new DateTimeOffset(t, TimeSpan.Zero) >= grant.TakenAt.AddMilliseconds(390), $"{t:O} not moved from {grant.TakenAt:O}"));
        Assert.Equal(permits.Order(), permits);

        // One second after the grant, the old permits would have freed the node; the moved ones still hold it
        // (until one second after the sends).
        await Task.Delay(700);
        var next = await pacer.PeekAsync("fs-late", PerSecond, 1, default);
        Assert.Equal(0, next.Granted);
        Assert.InRange(next.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task A_pending_permit_counts_however_old_until_its_node_has_read_it_and_lapses_only_after_the_hold()
    {
        var pacer = Pacer(Database.DataSource);
        var grant = await pacer.AcquireAsync("fs-slow", 2, 2, default);
        Assert.Equal(2, grant.Granted);

        // The node has not read them yet (a stalled reader): well past the window they still hold the node.
        await Task.Delay(1300);
        var held = await pacer.PeekAsync("fs-slow", 2, 1, default);
        Assert.Equal(0, held.Granted);
        Assert.InRange(held.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(100)); // they settle soon: look again soon

        // Read now: they count one more window, from now.
        await pacer.SettleAsync("fs-slow", grant.TakenAt, 2, default);
        Assert.Equal(0, (await pacer.AcquireAsync("fs-slow", 2, 1, default)).Granted);
        await Task.Delay(1100);
        Assert.Equal(1, (await pacer.AcquireAsync("fs-slow", 2, 1, default)).Granted);

        // Never settled (its instance died): it lapses after the hold, not before.
        await Database.ExecuteAsync("UPDATE node_pacing SET permits = '{}', pending = ARRAY[clock_timestamp() - interval '59 seconds'] WHERE node = 'fs-slow'");
        Assert.Equal(1, (await pacer.PeekAsync("fs-slow", 2, 2, default)).Granted);
        await Database.ExecuteAsync("UPDATE node_pacing SET pending = ARRAY[clock_timestamp() - interval '61 seconds'] WHERE node = 'fs-slow'");
        Assert.Equal(2, (await pacer.PeekAsync("fs-slow", 2, 2, default)).Granted);
    }

    [Fact]
    public async Task Restamping_moves_only_the_given_grants_permits()
    {
        var pacer = Pacer(Database.DataSource);
        var first = await pacer.AcquireAsync("fs-two", PerSecond, 3, default);
        var second = await pacer.AcquireAsync("fs-two", PerSecond, 2, default);
        Assert.NotEqual(first.TakenAt, second.TakenAt);

        await pacer.SettleAsync("fs-two", first.TakenAt, 3, default);
        var permits = (await Database.ScalarAsync<DateTime[]>("SELECT permits FROM node_pacing WHERE node = 'fs-two'")).Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();
        var pending = (await Database.ScalarAsync<DateTime[]>("SELECT pending FROM node_pacing WHERE node = 'fs-two'")).Select(t => new DateTimeOffset(t, TimeSpan.Zero)).ToList();
        Assert.Equal([second.TakenAt, second.TakenAt], pending); // the other grant's permits still wait for their node
        Assert.Equal(3, permits.Count);
        Assert.All(permits, t => Assert.True(t > second.TakenAt));
        Assert.Equal(0, (await pacer.PeekAsync("fs-two", 5, 1, default)).Granted); // settled and pending count alike
    }

    [Fact]
    public async Task Four_instances_taking_permits_at_once_never_pass_the_nodes_rate_in_any_window()
    {
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(Database.ConnectionString)).ToList();
        try
        {
            var taken = new List<(DateTimeOffset At, int Count)>();
            var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            await Task.WhenAll(sources.Select((source, i) => Task.Run(async () =>
            {
                var pacer = Pacer(source);
                while (DateTime.UtcNow < until)
                {
                    var (grant, at) = await pacer.TakeAsync("fs1", PerSecond, 1 + (i % 3), take: true, default);
                    if (grant.Granted > 0)
                    {
                        // The node read them at once. Pending or settled (then stamped later), a permit counts from
                        // its grant on: so the grants' own times never crowd a window either.
                        await pacer.SettleAsync("fs1", at, grant.Granted, default);
                        lock (taken)
                        {
                            taken.Add((at, grant.Granted));
                        }
                    }
                    else
                    {
                        Assert.True(grant.RetryAfter > TimeSpan.Zero && grant.RetryAfter <= TimeSpan.FromSeconds(1), $"retry after {grant.RetryAfter}");
                        await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(20, grant.RetryAfter.TotalMilliseconds)));
                    }
                }
            })));

            var permits = taken.SelectMany(t => Enumerable.Repeat(t.At, t.Count)).Order().ToList();
            // Progress: about three windows' worth were granted (not a pacer that simply refuses).
            Assert.InRange(permits.Count, PerSecond * 2, PerSecond * 4);
            for (int i = 0; i < permits.Count; i++)
            {
                // Permits in the one-second window ending at this one (the function counts t > now - window).
                int inWindow = permits.Count(t => t > permits[i] - TimeSpan.FromSeconds(1) && t <= permits[i]);
                Assert.True(inWindow <= PerSecond, $"{inWindow} permits in the second up to {permits[i]:O}");
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_pause_taken_by_one_instance_holds_for_the_others_and_peeking_takes_nothing()
    {
        await using var other = NpgsqlDataSource.Create(Database.ConnectionString);
        var a = Pacer(Database.DataSource);
        var b = Pacer(other);
        Assert.Equal(3, (await b.PeekAsync("fs1", 3, 5, default)).Granted);
        Assert.Equal(3, (await b.PeekAsync("fs1", 3, 5, default)).Granted); // a look takes nothing
        await a.PauseAsync("fs1", TimeSpan.FromSeconds(30), default);
        var refused = await b.AcquireAsync("fs1", 3, 1, default);
        Assert.Equal(0, refused.Granted);
        Assert.InRange(refused.RetryAfter, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30));
        Assert.Equal(2, (await b.AcquireAsync("fs2", 2, 5, default)).Granted); // another node is not paused
    }

    [Fact]
    public async Task Released_permits_can_be_taken_again_by_another_instance()
    {
        await using var other = NpgsqlDataSource.Create(Database.ConnectionString);
        var a = Pacer(Database.DataSource, marginMs: 200);
        var b = Pacer(other, marginMs: 200);
        Assert.Equal(4, (await a.AcquireAsync("fs1", 4, 4, default)).Granted);
        var none = await b.AcquireAsync("fs1", 4, 1, default);
        Assert.Equal(0, none.Granted);
        Assert.InRange(none.RetryAfter, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1200));
        await a.ReleaseAsync("fs1", 3, default);
        Assert.Equal(3, (await b.AcquireAsync("fs1", 4, 10, default)).Granted);
    }
}
