using System.Diagnostics;

namespace EslKit.Testing.Tests.Support;

/// <summary>
/// A virtual clock that moves only from one timer's due time to the next, in due order, waiting
/// 1/<see cref="Factor"/> of the virtual gap in real time before each step. Work between two timers takes no virtual time
/// (as in the lab, where the switch's processing took microseconds): a timer's callback runs on the clock's thread, so
/// what it sets off synchronously happens at its instant. A replay on a slow, loaded machine thus still shows the
/// captured seconds, while real-time parties (a WebSocket server, the test's own client) get the pace to keep up.
/// A test can stop the clock (<see cref="Stop"/>) and let it run to a chosen instant (<see cref="RunUntil"/>), so a
/// command lands at exactly the moment a capture shows.
/// </summary>
public sealed class PacedClock : TimeProvider, IDisposable
{
    // Behind the real-time schedule by more than this (a loaded machine), the schedule starts again from now.
    private static readonly TimeSpan MaxLag = TimeSpan.FromMilliseconds(100);

    private readonly object _lock = new();
    private readonly List<Timer> _timers = [];
    private readonly Thread _thread;
    private readonly AutoResetEvent _changed = new(false);
    private DateTimeOffset _now;
    private DateTimeOffset _anchorVirtual;
    private long _anchorReal = Stopwatch.GetTimestamp();
    private bool _stopped;
    private DateTimeOffset? _stopAt;
    private TaskCompletionSource? _stoppedSignal;
    private long _order;
    private bool _disposed;

    public PacedClock(double factor, DateTimeOffset start)
    {
        Factor = factor;
        _now = start;
        _anchorVirtual = start;
        _thread = new Thread(Run) { IsBackground = true, Name = "PacedClock" };
        _thread.Start();
    }

    /// <summary>How many virtual seconds pass per real second while timers are pending.</summary>
    public double Factor { get; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <summary>No timer fires until <see cref="RunUntil"/> or <see cref="Resume"/>.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _stopAt = null;
        }
    }

    /// <summary>A stopped clock runs again to <paramref name="at"/> (not before now): the timers due by then fire, and it stops there; the task completes then.</summary>
    public Task RunUntil(DateTimeOffset at)
    {
        lock (_lock)
        {
            if (!_stopped || at < _now)
            {
                throw new InvalidOperationException($"RunUntil needs a stopped clock and a later instant (now {_now:O}, asked {at:O}).");
            }

            _stopAt = at;
            _stoppedSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            StartLocked();
            return _stoppedSignal.Task;
        }
    }

    /// <summary>A stopped clock runs again.</summary>
    public void Resume()
    {
        lock (_lock)
        {
            if (_stopped)
            {
                StartLocked();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _changed.Set();
        }

        _thread.Join();
        _changed.Dispose();
    }

    private void StartLocked()
    {
        _stopped = false;
        _anchorVirtual = _now;
        _anchorReal = Stopwatch.GetTimestamp();
        _changed.Set();
    }

    private void Run()
    {
        while (true)
        {
            List<Timer> due = [];
            TimeSpan wait = Timeout.InfiniteTimeSpan;
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                var next = _timers.Count == 0 ? null : _timers.MinBy(t => (t.Due, t.Order));
                if (!_stopped && _stopAt is { } at && (next is null || next.Due > at))
                {
                    // Everything due by the stop instant has fired: time stops there.
                    _now = at;
                    _stopped = true;
                    _stopAt = null;
                    _stoppedSignal?.TrySetResult();
                }
                else if (!_stopped && next is not null)
                {
                    var dueAt = next.Due < _now ? _now : next.Due;
                    var realDue = TimeSpan.FromTicks((long)((dueAt - _anchorVirtual).Ticks / Factor));
                    var elapsed = Stopwatch.GetElapsedTime(_anchorReal);
                    if (elapsed >= realDue)
                    {
                        if (elapsed - realDue > MaxLag)
                        {
                            _anchorVirtual = dueAt;
                            _anchorReal = Stopwatch.GetTimestamp();
                        }

                        _now = dueAt;
                        foreach (var timer in _timers.Where(t => t.Due <= dueAt).OrderBy(t => (t.Due, t.Order)).ToList())
                        {
                            due.Add(timer);
                            if (timer.Period is { } period && period > TimeSpan.Zero)
                            {
                                timer.Due += period;
                                timer.Order = ++_order;
                            }
                            else
                            {
                                _timers.Remove(timer);
                            }
                        }
                    }
                    else
                    {
                        wait = realDue - elapsed;
                    }
                }
            }

            foreach (var timer in due)
            {
                timer.Fire();
            }

            if (due.Count == 0)
            {
                _changed.WaitOne(wait == Timeout.InfiniteTimeSpan ? Timeout.Infinite : (int)Math.Clamp(Math.Ceiling(wait.TotalMilliseconds), 1, int.MaxValue));
            }
        }
    }

    private sealed class Timer(PacedClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public long Order { get; set; }

        public TimeSpan? Period { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._now + dueTime;
                    Order = ++clock._order;
                    Period = period == Timeout.InfiniteTimeSpan ? null : period;
                    clock._timers.Add(this);
                }

                clock._changed.Set();
            }

            return true;
        }

        // On the clock's thread, so what a timer sets off synchronously (an awaiting method up to its next await)
        // happens at the timer's instant, before the clock moves on.
        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._lock)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
