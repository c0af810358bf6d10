namespace EslKit.Controller.Speech.Cloud;

/// <summary>Settings every cloud service shares: its key, and how long and how often to try.</summary>
/// <remarks>The key is only ever sent in a request header: it is never logged, traced, or put in an exception.</remarks>
public abstract class CloudServiceOptions
{
    /// <summary>The service's API key (from configuration or the environment).</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one attempt may wait for the response to begin (headers). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest gap allowed between two pieces of a streamed response (audio, tokens). Default 5 s.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries after a 5xx, a 408, a 429 or a connection failure, before anything was streamed (0 to 5). Default 2.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay (then doubled, with jitter) when the service does not say how long to wait. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The longest <c>Retry-After</c> honoured: a 429 asking to wait longer fails at once as
    /// <see cref="SpeechProviderFailure.RateLimited"/> (a caller on the line cannot wait). Default 3 s.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The settings without the key: whether one is set, never its value (options end up in logs and dumps).</summary>
    public override string ToString() =>
        $"{GetType().Name} {{ ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(not set)" : "(set, redacted)")}, {Describe()}, RequestTimeout = {RequestTimeout}, StreamIdleTimeout = {StreamIdleTimeout}, MaxRetries = {MaxRetries}, MaxRetryAfter = {MaxRetryAfter} }}";

    /// <summary>The service's own settings for <see cref="ToString"/> (never a secret).</summary>
    protected abstract string Describe();

    /// <summary>The key is a printable ASCII token (a header value cannot carry anything else).</summary>
    internal bool HasUsableKey() =>
        !string.IsNullOrEmpty(ApiKey) && ApiKey.Length <= 1024 && ApiKey.All(c => c is > ' ' and < (char)127);

    /// <summary>The timing settings are within sane bounds.</summary>
    internal bool HasValidTiming() =>
        RequestTimeout > TimeSpan.Zero && RequestTimeout <= TimeSpan.FromMinutes(5)
        && StreamIdleTimeout > TimeSpan.Zero && StreamIdleTimeout <= TimeSpan.FromMinutes(5)
        && MaxRetries is >= 0 and <= 5
        && RetryDelay >= TimeSpan.Zero && RetryDelay <= TimeSpan.FromSeconds(30)
        && MaxRetryAfter >= TimeSpan.Zero && MaxRetryAfter <= TimeSpan.FromMinutes(1);
}
