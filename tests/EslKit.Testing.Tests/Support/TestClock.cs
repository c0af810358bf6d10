namespace EslKit.Testing.Tests.Support;

/// <summary>
/// A pinned clock (UTC): it only moves when told. With <see cref="VirtualTimers"/>, a timer (e.g. Task.Delay on this
/// provider) fires at once and moves the clock forward by its due time, so a 500 ms playback takes no real time and
/// completes exactly 500 ms later on the clock.
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
                ThreadPool.QueueUserWorkItem(_ =>
                {
                    if (Volatile.Read(ref _version) == version)
                    {
                        _clock.Advance(dueTime);
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
