namespace EslKit;

/// <summary>How the client reconnects after losing FreeSWITCH: exponential backoff with jitter and a cap.</summary>
public sealed record EslReconnectOptions
{
    /// <summary>Reconnect automatically after a connection established by ConnectAsync is lost (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Delay before the first attempt (default 250 ms).</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest delay between attempts (default 30 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth of the delay per failed attempt (default 2).</summary>
    public double Multiplier { get; set; } = 2;

    /// <summary>Random spread of each delay, as a fraction of it (default 0.2: ±20 %).</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>The delay before attempt <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan DelayFor(int attempt, Random random)
    {
        double baseMs = InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(attempt, 30));
        double capped = Math.Min(baseMs, MaxDelay.TotalMilliseconds);
        double spread = capped * Jitter * ((random.NextDouble() * 2) - 1);
        return TimeSpan.FromMilliseconds(Math.Clamp(capped + spread, 0, MaxDelay.TotalMilliseconds));
    }

    internal void Validate()
    {
        if (InitialDelay < TimeSpan.Zero || MaxDelay < InitialDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), "Reconnect delays must satisfy 0 <= InitialDelay <= MaxDelay.");
        }

        if (Multiplier < 1 || Jitter is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Multiplier), "Reconnect needs Multiplier >= 1 and 0 <= Jitter <= 1.");
        }
    }
}
