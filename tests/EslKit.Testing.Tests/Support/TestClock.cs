namespace EslKit.Testing.Tests.Support;

/// <summary>
/// A pinned clock (UTC): it only moves when told. With <see cref="VirtualTimers"/>, a timer (e.g. Task.Delay on this
/// provider) fires at once and moves the clock to its due time (never back), so a 500 ms playback takes no real time and
/// completes exactly 500 ms later on the clock. Timers of concurrent work fire in no particular order, so a test that
/// measures durations runs one timed thing at a time (as the capture replays do).
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _ticks = new DateTimeOffset(2026, 11, 20, 21, 46, 10, TimeSpan.Zero).UtcTicks;

    public bool VirtualTimers { get; init; }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _ticks, now.UtcTicks);

    /// <summary>Sets the clock to a FreeSWITCH Event-Date-Timestamp (microseconds since the epoch).</summary>
    public void SetMicroseconds(long microseconds) => Set(DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    /// <summary>Moves the clock to <paramref name="ticks"/> (UTC) unless it is already later.</summary>
    public void AdvanceTo(long ticks)
    {
        long now = Interlocked.Read(ref _ticks);
        while (ticks > now)
        {
            long seen = Interlocked.CompareExchange(ref _ticks, ticks, now);
            if (seen == now)
            {
                return;
            }

            now = seen;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        VirtualTimers ? new VirtualTimer(this, callback, state, dueTime) : base.CreateTimer(callback, state, dueTime, period);

    private sealed class VirtualTimer : ITimer
    {
        private readonly TestClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private int _version;

        public VirtualTimer(TestClock clock, TimerCallback callback, object? state, TimeSpan dueTime)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            Change(dueTime, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            int version = Interlocked.Increment(ref _version);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                long due = _clock.GetUtcNow().UtcTicks + dueTime.Ticks;
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    if (Volatile.Read(ref _version) == version)
                    {
                        _clock.AdvanceTo(due);
                        _callback(_state);
                    }
                });
            }

            return true;
        }

        public void Dispose() => Interlocked.Increment(ref _version);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
