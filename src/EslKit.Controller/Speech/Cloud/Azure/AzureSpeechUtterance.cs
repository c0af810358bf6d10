using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>One utterance sent to Azure's REST API for short audio: the request starts at once and its body grows as audio is written.</summary>
internal sealed class AzureSpeechUtterance : ISpeechUtterance
{
    private const int MaxResponseBytes = 64 * 1024;

    private readonly AzureSpeechOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly int _sampleRate;
    private readonly int _maxSamples;
    private readonly StreamingWavContent _audio;
    private readonly CancellationTokenSource _abort = new();
    private readonly CloudRequestScope _scope;
    private readonly Task<HttpResponseMessage> _response;
    private long _samples;
    private int _busy;
    private bool _ended;
    private bool _truncated;
    private bool _disposed;

    public AzureSpeechUtterance(HttpClient client, Uri address, AzureSpeechOptions options, ILogger logger, TimeProvider time, int sampleRate)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _sampleRate = sampleRate;
        _maxSamples = AzureSpeechToText.MaxSeconds * sampleRate;
        _audio = new StreamingWavContent(sampleRate);
        _scope = new CloudRequestScope(AzureSpeechToText.Provider, AzureSpeechToText.Service, "recognize", logger, time);
        var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = _audio };
        request.Headers.Add("Ocp-Apim-Subscription-Key", options.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        _response = _scope.SendAsync(client, request, _abort.Token);
    }

    public ValueTask WriteAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException("Another call on this utterance is in progress.");
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ended)
            {
                throw new InvalidOperationException("The utterance has ended.");
            }

            long room = _maxSamples - _samples;
            int taken = (int)Math.Min(room, samples.Length);
            if (taken < samples.Length && !_truncated)
            {
                _truncated = true;
                CloudSpeechLog.AudioTruncated(_logger, AzureSpeechToText.Provider, AzureSpeechToText.MaxSeconds);
            }

            if (taken > 0)
            {
                _audio.Append(samples.Span[..taken]);
                _samples += taken;
            }

            return ValueTask.CompletedTask;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public async ValueTask<SpeechTranscript> EndAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException("Another call on this utterance is in progress.");
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_ended)
            {
                throw new InvalidOperationException("The utterance has already ended.");
            }

            _ended = true;
            _audio.Complete();
            long endedAt = _time.GetTimestamp();
            string text = await RecognizeAsync(cancellationToken).ConfigureAwait(false);
            TimeSpan finalization = _time.GetElapsedTime(endedAt);
            _scope.FirstOutput(endedAt);
            _scope.Complete();
            var audio = TimeSpan.FromSeconds((double)_samples / _sampleRate);
            return new SpeechTranscript(text, [], audio, finalization, finalization);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
        catch (SpeechProviderException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _abort.CancelAsync().ConfigureAwait(false);
        _audio.Complete();
        try
        {
            using HttpResponseMessage response = await _response.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SpeechProviderException or HttpRequestException)
        {
            // Abandoned or already failed (and logged by the scope): nothing is waiting for the result.
        }

        _scope.Dispose();
        _audio.Dispose();
        _abort.Dispose();
    }

    /// <summary>Waits (bounded by the request timeout, counted from the end of the audio) for the result and parses it.</summary>
    private async Task<string> RecognizeAsync(CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using HttpResponseMessage response = await _response.WaitAsync(linked.Token).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                byte[] json = await ReadBoundedAsync(body, linked.Token).ConfigureAwait(false);
                return Parse(json);
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw _scope.Fail(new SpeechProviderException(AzureSpeechToText.Provider, SpeechProviderFailure.Timeout,
                $"{AzureSpeechToText.Service} did not answer within {_options.RequestTimeout.TotalSeconds:0.#} s of the end of the audio.", innerException: ex));
        }
        catch (Exception ex) when (CloudHttp.FromException(AzureSpeechToText.Provider, AzureSpeechToText.Service, ex, cancellationToken) is { } failure)
        {
            throw _scope.Fail(failure);
        }
    }

    private async Task<byte[]> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxResponseBytes];
        int length = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                throw _scope.Fail(new SpeechProviderException(AzureSpeechToText.Provider, SpeechProviderFailure.BadResponse,
                    $"{AzureSpeechToText.Service} sent a result larger than {MaxResponseBytes} bytes."));
            }
        }

        return buffer[..length];
    }

    /// <summary>
    /// The transcript in a result: <c>NBest[0].Display</c> (detailed format) or <c>DisplayText</c> (simple); empty for
    /// <c>NoMatch</c>, <c>InitialSilenceTimeout</c> and <c>BabbleTimeout</c> (nothing recognisable was said).
    /// </summary>
    private string Parse(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        string? status = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("RecognitionStatus", out JsonElement s) && s.ValueKind == JsonValueKind.String
            ? s.GetString()
            : null;
        switch (status)
        {
            case "Success":
                if (root.TryGetProperty("NBest", out JsonElement nbest) && nbest.ValueKind == JsonValueKind.Array && nbest.GetArrayLength() > 0
                    && nbest[0].TryGetProperty("Display", out JsonElement display) && display.ValueKind == JsonValueKind.String)
                {
                    return display.GetString()!.Trim();
                }

                if (root.TryGetProperty("DisplayText", out JsonElement displayText) && displayText.ValueKind == JsonValueKind.String)
                {
                    return displayText.GetString()!.Trim();
                }

                throw Bad("a successful result without text");
            case "NoMatch" or "InitialSilenceTimeout" or "BabbleTimeout":
                return string.Empty;
            case "Error":
                throw _scope.Fail(new SpeechProviderException(AzureSpeechToText.Provider, SpeechProviderFailure.Unavailable,
                    $"{AzureSpeechToText.Service} reported an error in recognition (RecognitionStatus Error).") { ServiceCode = "Error" });
            default:
                throw Bad("a result without a known RecognitionStatus");
        }
    }

    private SpeechProviderException Bad(string what) =>
        _scope.Fail(new SpeechProviderException(AzureSpeechToText.Provider, SpeechProviderFailure.BadResponse, $"{AzureSpeechToText.Service} sent {what}."));
}
