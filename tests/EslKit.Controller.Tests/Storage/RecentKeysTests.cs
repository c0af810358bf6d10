using EslKit.Controller.Storage;

namespace EslKit.Controller.Tests.Storage;

/// <summary>The instance's memory of what it wrote: exact per key, and bounded (the oldest forgotten first).</summary>
public sealed class RecentKeysTests
{
    [Fact]
    public void An_end_is_known_only_for_its_own_call_attempt_and_leg()
    {
        var ends = new RecentKeys<(Guid, int, Guid)>();
        Guid call = Guid.NewGuid(), leg = Guid.NewGuid();
        ends.Add((call, 1, leg));

        Assert.True(ends.Contains((call, 1, leg)));
        Assert.False(ends.Contains((call, 2, leg))); // a retry is a new attempt: written again
        Assert.False(ends.Contains((call, 1, Guid.NewGuid()))); // another leg (failover) is another end
        Assert.False(ends.Contains((Guid.NewGuid(), 1, leg)));
    }

    [Fact]
    public void Past_its_bound_the_oldest_keys_are_forgotten_and_adding_one_twice_counts_once()
    {
        var keys = new RecentKeys<(Guid, int)>(capacity: 100);
        var calls = Enumerable.Range(0, 150).Select(_ => Guid.NewGuid()).ToList();
        foreach (var call in calls)
        {
            keys.Add((call, 1));
            keys.Add((call, 1));
        }

        Assert.Equal(100, keys.Count);
        Assert.All(calls.Take(50), c => Assert.False(keys.Contains((c, 1))));
        Assert.All(calls.Skip(50), c => Assert.True(keys.Contains((c, 1))));
    }

    [Fact]
    public async Task Threads_adding_at_once_keep_the_bound()
    {
        var keys = new RecentKeys<Guid>(capacity: 1000);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 5000; i++)
            {
                keys.Add(Guid.NewGuid());
            }
        })));

        Assert.InRange(keys.Count, 1000 - 4, 1000);
    }
}
