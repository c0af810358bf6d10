namespace EslKit.Controller.Speech.Cloud;

/// <summary>Why a cloud speech or agent service failed: what the voice pipeline acts on (apology, hang-up reason).</summary>
public enum SpeechProviderFailure
{
    /// <summary>The service refused the credentials or the account (HTTP 401, 402, 403). Not retried: a key has to change.</summary>
    Unauthorized,

    /// <summary>The service is rate limiting (HTTP 429) beyond the retries allowed, or asked to wait longer than allowed.</summary>
    RateLimited,

    /// <summary>No response, or a streamed response stalled, within the configured time.</summary>
    Timeout,

    /// <summary>The service could not be reached or reported a failure of its own (HTTP 408, 5xx, an error in the stream).</summary>
    Unavailable,

    /// <summary>The service refused the request as made (another 4xx): a configuration problem such as an unknown voice or model.</summary>
    Rejected,

    /// <summary>The service answered with something that does not follow its documented format.</summary>
    BadResponse,
}
