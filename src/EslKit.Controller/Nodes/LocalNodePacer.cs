using Microsoft.Extensions.Options;
using EslKit.Controller.Campaigns.Dispatch;

namespace EslKit.Controller.Nodes;

/// <summary>
/// This instance's <see cref="INodePacer"/>: per node, the times of the permits taken in the last window (one
/// second plus <see cref="DispatcherOptions.PacingMarginMilliseconds"/>), so no window of that length ever holds
/// more than the node's calls per second — a sliding log, exact where a token bucket would let a burst through on
/// top of its rate. The margin absorbs the jitter between taking a permit and FreeSWITCH reading the originate
/// (FreeSWITCH counts its sessions per second on its own clock). Times come from the <see cref="TimeProvider"/>.
/// </summary>
internal sealed class LocalNodePacer(TimeProvider time, IOptions<DispatcherOptions> options) : INodePacer
{
    private readonly TimeSpan _window = TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(options.Value.PacingMarginMilliseconds);
    private readonly Dictionary<string, Log> _logs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <inheritdoc/>
    public ValueTask<PacerGrant> AcquireAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Take(node, callsPerSecond, wanted, take: true));

    /// <inheritdoc/>
    public ValueTask<PacerGrant> PeekAsync(string node, int callsPerSecond, int wanted, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Take(node, callsPerSecond, wanted, take: false));

    private PacerGrant Take(string node, int callsPerSecond, int wanted, bool take)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(callsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegative(wanted);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            var log = LogFor(node, callsPerSecond);
            if (now < log.PausedUntil)
            {
                return new PacerGrant(0, log.PausedUntil - now);
            }

            log.Forget(now - _window);
            int granted = Math.Min(wanted, log.Capacity - log.Count);
            if (take)
            {
                for (int i = 0; i < granted; i++)
                {
                    log.Push(now);
                }
            }

            int held = take ? log.Count : log.Count + granted;
            var retryAfter = granted < wanted && held > 0 ? (log.Count > 0 ? log.Oldest : now) + _window - now : TimeSpan.Zero;
            return new PacerGrant(granted, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
        }
    }

    /// <inheritdoc/>
    public ValueTask ReleaseAsync(string node, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_logs.TryGetValue(node, out var log))
            {
                for (int i = 0; i < count && log.Count > 0; i++)
                {
                    log.PopNewest();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask PauseAsync(string node, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + duration;
        lock (_gate)
        {
            if (_logs.TryGetValue(node, out var log) && until > log.PausedUntil)
            {
                log.PausedUntil = until;
            }
        }

        return ValueTask.CompletedTask;
    }

    private Log LogFor(string node, int callsPerSecond)
    {
        if (!_logs.TryGetValue(node, out var log) || log.Capacity != callsPerSecond)
        {
            log = new Log(callsPerSecond) { PausedUntil = log?.PausedUntil ?? DateTimeOffset.MinValue };
            _logs[node] = log;
        }

        return log;
    }

    // A ring of permit times, oldest at _head.
    private sealed class Log(int capacity)
    {
        private readonly DateTimeOffset[] _times = new DateTimeOffset[capacity];
        private int _head;

        public int Capacity => _times.Length;

        public int Count { get; private set; }

        public DateTimeOffset PausedUntil { get; set; }

        public DateTimeOffset Oldest => _times[_head];

        public void Forget(DateTimeOffset before)
        {
            while (Count > 0 && _times[_head] <= before)
            {
                _head = (_head + 1) % _times.Length;
                Count--;
            }
        }

        public void Push(DateTimeOffset at)
        {
            _times[(_head + Count) % _times.Length] = at;
            Count++;
        }

        public void PopNewest() => Count--;
    }
}
