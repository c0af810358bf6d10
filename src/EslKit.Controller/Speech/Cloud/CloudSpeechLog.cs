using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>The cloud providers' log lines: provider, failure kind, HTTP status and the service's error code — never a key, audio or text.</summary>
internal static partial class CloudSpeechLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "{Provider} failed: {Failure} (HTTP {StatusCode}, service code {ServiceCode})")]
    public static partial void ProviderFailed(ILogger logger, string provider, string failure, int? statusCode, string? serviceCode);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "{Provider} request cancelled by the caller after {ElapsedMs} ms")]
    public static partial void RequestCancelled(ILogger logger, string provider, long elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "{Provider} first output after {LatencyMs} ms")]
    public static partial void FirstOutput(ILogger logger, string provider, long latencyMs);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "{Provider}: audio beyond {MaxSeconds} s in one utterance is not sent (the service's limit)")]
    public static partial void AudioTruncated(ILogger logger, string provider, int maxSeconds);
}
