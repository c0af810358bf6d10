using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EslKit.Controller.Tests.Nodes;

/// <summary>The node pacer: never more than the node's calls per second in any window, on a FakeTimeProvider.</summary>
public sealed class LocalNodePacerTests
{
    private static LocalNodePacer Pacer(FakeTimeProvider time, int marginMs = 0) =>
        new(time, Options.Create(new DispatcherOptions { PacingMarginMilliseconds = marginMs }));

    [Fact]
    public async Task Grants_up_to_the_rate_then_says_when_the_next_frees()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time);
        var first = await pacer.AcquireAsync("fs1", 5, 3, default);
        Assert.Equal(new PacerGrant(3, TimeSpan.Zero), first);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var second = await pacer.AcquireAsync("fs1", 5, 10, default);
        Assert.Equal(2, second.Granted);
        Assert.Equal(TimeSpan.FromMilliseconds(700), second.RetryAfter); // the first three free up one second after they were taken
        time.Advance(TimeSpan.FromMilliseconds(700));
        Assert.Equal(3, (await pacer.AcquireAsync("fs1", 5, 10, default)).Granted);
    }

    [Fact]
    public async Task Released_permits_can_be_taken_again_and_nodes_are_separate()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time);
        Assert.Equal(4, (await pacer.AcquireAsync("fs1", 4, 4, default)).Granted);
        await pacer.ReleaseAsync("fs1", 3, default);
        Assert.Equal(3, (await pacer.AcquireAsync("fs1", 4, 10, default)).Granted);
        Assert.Equal(4, (await pacer.AcquireAsync("fs2", 4, 10, default)).Granted);
    }

    [Fact]
    public async Task Peek_says_what_acquire_would_grant_and_takes_nothing()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time);
        Assert.Equal(new PacerGrant(3, TimeSpan.FromSeconds(1)), await pacer.PeekAsync("fs1", 3, 5, default));
        Assert.Equal(new PacerGrant(3, TimeSpan.Zero), await pacer.PeekAsync("fs1", 3, 3, default));
        Assert.Equal(2, (await pacer.AcquireAsync("fs1", 3, 2, default)).Granted);
        time.Advance(TimeSpan.FromMilliseconds(400));
        Assert.Equal(new PacerGrant(1, TimeSpan.FromMilliseconds(600)), await pacer.PeekAsync("fs1", 3, 2, default));
        Assert.Equal(1, (await pacer.AcquireAsync("fs1", 3, 2, default)).Granted);
    }

    [Fact]
    public async Task Pause_holds_the_node_back()
    {
        var time = new FakeTimeProvider();
        var pacer = Pacer(time);
        Assert.Equal(1, (await pacer.AcquireAsync("fs1", 10, 1, default)).Granted);
        await pacer.PauseAsync("fs1", TimeSpan.FromSeconds(2), default);
        Assert.Equal(new PacerGrant(0, TimeSpan.FromSeconds(2)), await pacer.AcquireAsync("fs1", 10, 1, default));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, (await pacer.AcquireAsync("fs1", 10, 1, default)).Granted);
    }

    [Fact]
    public void No_window_ever_holds_more_than_the_rate()
    {
        // Random asks at random moments (with releases): every window of one second + margin holds at most the rate.
        // A step packs (advance 0-399 ms, ask 0-12, release 0-3) into one number; the setting packs (rate 1-8, margin 0-199 ms).
        var steps = Gen.ArrayOf(Gen.Choose(0, (400 * 13 * 4) - 1));
        var settings = Gen.Choose(0, (8 * 200) - 1);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(steps.ToArbitrary(), settings.ToArbitrary(), (plan, setting) =>
        {
            int rate = (setting % 8) + 1;
            int margin = setting / 8;
            var time = new FakeTimeProvider();
            var pacer = Pacer(time, margin);
            var taken = new List<DateTimeOffset>();
            foreach (int step in plan)
            {
                int advanceMs = step % 400;
                int ask = step / 400 % 13;
                int release = step / (400 * 13);
                time.Advance(TimeSpan.FromMilliseconds(advanceMs));
                int granted = pacer.AcquireAsync("n", rate, ask, default).AsTask().Result.Granted;
                Assert.InRange(granted, 0, ask);
                taken.AddRange(Enumerable.Repeat(time.GetUtcNow(), granted));
                int back = Math.Min(release, granted);
                pacer.ReleaseAsync("n", back, default).AsTask().Wait();
                taken.RemoveRange(taken.Count - back, back);
            }

            var window = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(margin);
            return taken.All(start => taken.Count(t => t >= start && t < start + window) <= rate);
        }));
    }
}
