using System.Collections.Concurrent;

namespace EslKit.Controller.Storage;

/// <summary>
/// Keys of rows this instance has recently written (or found written), the most recent ones up to a bound, so that
/// the same fact heard twice costs the database nothing the second time: a call's end (its outbound session and its
/// inbound connection both hear CHANNEL_HANGUP_COMPLETE), a call's answer (its session and its originate's result
/// both report it). Only an optimisation: every write it saves is idempotent anyway.
/// </summary>
/// <typeparam name="TKey">The key, e.g. (call id, attempt, leg).</typeparam>
internal sealed class RecentKeys<TKey>(int capacity = RecentKeys<TKey>.DefaultCapacity)
    where TKey : notnull
{
    /// <summary>Keys remembered: minutes of calls at hundreds per second.</summary>
    public const int DefaultCapacity = 65_536;

    private readonly ConcurrentDictionary<TKey, byte> _known = new();
    private readonly ConcurrentQueue<TKey> _order = new();

    /// <summary>Keys remembered now.</summary>
    public int Count => _known.Count;

    /// <summary>True when the key was added and not yet forgotten.</summary>
    public bool Contains(TKey key) => _known.ContainsKey(key);

    /// <summary>Remembers a key, forgetting the oldest past the bound.</summary>
    public void Add(TKey key)
    {
        if (!_known.TryAdd(key, 0))
        {
            return;
        }

        _order.Enqueue(key);
        while (_order.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _known.TryRemove(oldest, out _);
        }
    }
}
