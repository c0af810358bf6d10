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
        SettingCheck.Delay(InitialDelay, nameof(InitialDelay), TimeSpan.Zero);
        SettingCheck.Delay(MaxDelay, nameof(MaxDelay), InitialDelay, nameof(InitialDelay));

        // Bounded so DelayFor's growth stays finite (it multiplies up to 30 times); a steeper backoff is a typo.
        SettingCheck.Between(Multiplier, 1, 1000, nameof(Multiplier));
        SettingCheck.Between(Jitter, 0, 1, nameof(Jitter));
    }
}
