namespace EslKit.Testing.Tests.Support;

/// <summary>A clock the test sets by hand, in UTC (the fixtures' switch ran with Local = GMT).</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 11, 20, 21, 46, 10, TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    /// <summary>Sets the clock to a FreeSWITCH Event-Date-Timestamp (microseconds since the epoch).</summary>
    public void SetMicroseconds(long microseconds) => _now = DateTimeOffset.UnixEpoch.AddTicks(microseconds * 10);
}
