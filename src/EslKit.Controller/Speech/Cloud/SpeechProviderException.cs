namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// A cloud service (speech-to-text, text-to-speech or the agent's model) failed. Typed so the voice pipeline can
/// degrade gracefully: apologise with the offline voice and hang up, recording <see cref="Reason"/>.
/// </summary>
/// <remarks>The message names the service, the failure and the HTTP status; never the key, the audio or the text.</remarks>
public sealed class SpeechProviderException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="provider">The service's short name (e.g. <c>azure-stt</c>, <c>openrouter</c>).</param>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">What failed, without secrets or content.</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="retryAfter">How long the service asked to wait (rate limiting), when it said.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public SpeechProviderException(string provider, SpeechProviderFailure failure, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        Provider = provider;
        Failure = failure;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Creates the exception with a message (an unspecified service, <see cref="SpeechProviderFailure.Unavailable"/>).</summary>
    public SpeechProviderException(string message)
        : this("unknown", SpeechProviderFailure.Unavailable, message)
    {
    }

    /// <summary>Creates the exception with a message and its cause (an unspecified service, <see cref="SpeechProviderFailure.Unavailable"/>).</summary>
    public SpeechProviderException(string message, Exception innerException)
        : this("unknown", SpeechProviderFailure.Unavailable, message, innerException: innerException)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SpeechProviderException()
        : this("unknown", SpeechProviderFailure.Unavailable, "A speech provider failed.")
    {
    }

    /// <summary>The service's short name (<c>azure-stt</c>, <c>azure-tts</c>, <c>openrouter</c>, <c>elevenlabs</c>).</summary>
    public string Provider { get; }

    /// <summary>What went wrong.</summary>
    public SpeechProviderFailure Failure { get; }

    /// <summary>The HTTP status of the response that failed, when there was one.</summary>
    public int? StatusCode { get; }

    /// <summary>How long the service asked to wait before trying again (rate limiting), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The service's own error code (a short token such as <c>invalid_api_key</c>), when it gave one.</summary>
    public string? ServiceCode { get; internal init; }

    /// <summary>A short, stable reason to record with the call, e.g. <c>openrouter:rate_limited</c>.</summary>
    public string Reason => $"{Provider}:{FailureName(Failure)}";

    /// <summary>The failure's name as used in reasons, metrics and logs (snake case).</summary>
    public static string FailureName(SpeechProviderFailure failure) => failure switch
    {
        SpeechProviderFailure.Unauthorized => "unauthorized",
        SpeechProviderFailure.RateLimited => "rate_limited",
        SpeechProviderFailure.Timeout => "timeout",
        SpeechProviderFailure.Unavailable => "unavailable",
        SpeechProviderFailure.Rejected => "rejected",
        SpeechProviderFailure.BadResponse => "bad_response",
        _ => "unknown",
    };
}
