namespace EslKit.Controller.Api;

/// <summary>
/// The per-key rate limit (configuration section <c>Api:RateLimit</c>): a token bucket per API key (per client
/// address for requests without a valid key) holding <see cref="TokenLimit"/> requests, refilled with
/// <see cref="TokensPerPeriod"/> every <see cref="PeriodSeconds"/>. An empty bucket answers 429 with Retry-After.
/// </summary>
internal sealed class ApiRateLimitOptions
{
    /// <summary>The burst: requests a key may make at once (default 100).</summary>
    public int TokenLimit { get; set; } = 100;

    /// <summary>Requests added back per period (default 20).</summary>
    public int TokensPerPeriod { get; set; } = 20;

    /// <summary>The refill period in seconds (default 1).</summary>
    public double PeriodSeconds { get; set; } = 1;
}
