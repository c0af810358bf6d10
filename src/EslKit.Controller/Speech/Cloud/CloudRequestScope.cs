using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// One request to a cloud service, from start to its end: the trace activity, the latency to the first output, the
/// outcome recorded once (ok, cancelled, or the failure kind) and failures logged without secrets or content.
/// </summary>
internal sealed class CloudRequestScope : IDisposable
{
    private readonly ILogger _logger;
    private readonly Activity? _activity;
    private readonly long _started;
    private SpeechProviderException? _failure;
    private bool _completed;
    private bool _disposed;

    public CloudRequestScope(string provider, string service, string operation, ILogger logger, TimeProvider time)
    {
        Provider = provider;
        Service = service;
        Time = time;
        _logger = logger;
        _started = time.GetTimestamp();
        _activity = CloudSpeechDiagnostics.StartActivity(provider, operation);
    }

    public string Provider { get; }

    public string Service { get; }

    public TimeProvider Time { get; }

    /// <summary>Time from the start (or from <c>since</c>) to the first output, once there was one.</summary>
    public TimeSpan? FirstOutputLatency { get; private set; }

    /// <summary>Records the failure (logged once, counted when the scope ends) and returns it to throw.</summary>
    public SpeechProviderException Fail(SpeechProviderException failure)
    {
        if (_failure is null)
        {
            _failure = failure;
            CloudSpeechLog.ProviderFailed(_logger, Provider, SpeechProviderException.FailureName(failure.Failure), failure.StatusCode, failure.ServiceCode);
        }

        return failure;
    }

    /// <summary>The first audio, token or transcript came: its latency is recorded (from <paramref name="since"/> when given).</summary>
    public void FirstOutput(long? since = null)
    {
        if (FirstOutputLatency is not null)
        {
            return;
        }

        TimeSpan latency = Time.GetElapsedTime(since ?? _started);
        FirstOutputLatency = latency;
        CloudSpeechDiagnostics.RecordFirstOutput(Provider, latency);
        CloudSpeechLog.FirstOutput(_logger, Provider, (long)latency.TotalMilliseconds);
    }

    /// <summary>The request finished as it should.</summary>
    public void Complete() => _completed = true;

    /// <summary>
    /// Sends the request, waiting only for the response to begin; a failure status or a send error becomes the
    /// typed failure. The caller's cancellation stays an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CloudHttp.FromException(Provider, Service, ex, cancellationToken) is { } failure)
        {
            throw Fail(failure);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw Fail(await CloudHttp.FailureAsync(Provider, Service, response, Time, cancellationToken).ConfigureAwait(false));
            }
        }

        return response;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        bool cancelled = _failure is null && !_completed;
        TimeSpan elapsed = Time.GetElapsedTime(_started);
        CloudSpeechDiagnostics.RecordOutcome(Provider, elapsed, _failure, cancelled, _activity);
        if (cancelled)
        {
            CloudSpeechLog.RequestCancelled(_logger, Provider, (long)elapsed.TotalMilliseconds);
        }

        _activity?.Dispose();
    }
}
