using EslKit.Controller.Calls;

namespace EslKit.Controller.Tests.Calls;

/// <summary>The instance's memory of the ends it wrote: per call, attempt and leg, and bounded (the oldest forgotten first).</summary>
public sealed class RecordedEndsTests
{
    [Fact]
    public void An_end_is_known_only_for_its_own_call_attempt_and_leg()
    {
        var ends = new RecordedEnds();
        Guid call = Guid.NewGuid(), leg = Guid.NewGuid();
        ends.Add(call, 1, leg);

        Assert.True(ends.Contains(call, 1, leg));
        Assert.False(ends.Contains(call, 2, leg)); // a retry is a new attempt: written again
        Assert.False(ends.Contains(call, 1, Guid.NewGuid())); // another leg (failover) is another end
        Assert.False(ends.Contains(Guid.NewGuid(), 1, leg));
    }

    [Fact]
    public void Past_its_bound_the_oldest_ends_are_forgotten_and_adding_one_twice_counts_once()
    {
        var ends = new RecordedEnds(capacity: 100);
        var calls = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        var leg = Guid.NewGuid();
        foreach (var call in calls)
        {
            ends.Add(call, 1, leg);
            ends.Add(call, 1, leg);
        }

        Assert.Equal(100, ends.Count);
        Assert.All(calls.Take(50), c => Assert.False(ends.Contains(c, 1, leg)));
        Assert.All(calls.Skip(50), c => Assert.True(ends.Contains(c, 1, leg)));
    }

    [Fact]
    public async Task Threads_adding_at_once_keep_the_bound()
    {
        var ends = new RecordedEnds(capacity: 1000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 5000; i++)
            {
                ends.Add(Guid.NewGuid(), 1, Guid.NewGuid());
            }
        })));

        Assert.InRange(ends.Count, 1000 - 4, 1000);
    }
}
