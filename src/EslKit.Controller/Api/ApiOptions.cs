namespace EslKit.Controller.Api;

/// <summary>The HTTP API's settings (configuration section <c>Api</c>).</summary>
internal sealed class ApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Api";

    /// <summary>The address Kestrel listens on when none is configured (<c>urls</c>, <c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The admin key (at least 32 characters). Or give <see cref="AdminKeySha256"/> instead, so the configuration
    /// holds only its hash. Neither: the admin API refuses every request — except with the embedded cluster, where a
    /// key is generated into <c>&lt;DataDirectory&gt;/admin.key</c>.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>The SHA-256 of the admin key's UTF-8 bytes, 64 hex digits (<c>printf %s "$KEY" | sha256sum</c>).</summary>
    public string? AdminKeySha256 { get; set; }

    /// <summary>The largest JSON request body, in bytes (default 1 MiB); larger gets 413.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest number upload (CSV or JSON), in bytes (default 16 MiB); larger gets 413.</summary>
    public long MaxUploadBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most call-log rows one page returns (default 1000); a page's default size is 100.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>How often the active calls per tenant (a /metrics gauge) are read from the database, in seconds (default 5).</summary>
    public double ActiveCallsSampleSeconds { get; set; } = 5;

    /// <summary>Requests per API key: a token bucket.</summary>
    public ApiRateLimitOptions RateLimit { get; set; } = new();
}
