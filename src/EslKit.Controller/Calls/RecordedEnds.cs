using System.Collections.Concurrent;

namespace EslKit.Controller.Calls;

/// <summary>
/// The ends this instance has already written (call id, attempt, leg), the most recent ones up to a bound. The
/// same CHANNEL_HANGUP_COMPLETE reaches an instance twice for each of its calls (its outbound session and its
/// inbound connection): the second hearing is dropped here instead of costing the database a lookup and a
/// transaction that change nothing.
/// </summary>
internal sealed class RecordedEnds(int capacity = RecordedEnds.DefaultCapacity)
{
    /// <summary>Ends remembered: minutes of calls at hundreds per second.</summary>
    public const int DefaultCapacity = 65_536;

    private readonly ConcurrentDictionary<(Guid CallId, int Attempt, Guid Leg), byte> _known = new();
    private readonly ConcurrentQueue<(Guid CallId, int Attempt, Guid Leg)> _order = new();

    /// <summary>Ends remembered now.</summary>
    public int Count => _known.Count;

    /// <summary>True when this leg's end of that attempt was written (or found written) by this instance.</summary>
    public bool Contains(Guid callId, int attempt, Guid leg) => _known.ContainsKey((callId, attempt, leg));

    /// <summary>Remembers a written end, forgetting the oldest past the bound.</summary>
    public void Add(Guid callId, int attempt, Guid leg)
    {
        var key = (callId, attempt, leg);
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
