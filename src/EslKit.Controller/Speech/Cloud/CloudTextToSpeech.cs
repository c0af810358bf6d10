using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Speech.Cloud;

/// <summary>
/// What the cloud text-to-speech services share: the text checked, one HTTP request per text (each service builds
/// its own), the response's 16 kHz 16-bit PCM yielded as it arrives, and the whole of it on request.
/// </summary>
/// <remarks>Thread-safe. Failures are <see cref="SpeechProviderException"/>s; cancelling the token (a barge-in) aborts the request.</remarks>
public abstract class CloudTextToSpeech : ITextToSpeech
{
    private readonly IHttpClientFactory _clients;
    private readonly string _httpClientName;
    private readonly string _provider;
    private readonly string _service;
    private readonly int _maxTextLength;
    private readonly TimeSpan _idleTimeout;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    private protected CloudTextToSpeech(
        IHttpClientFactory clients, string httpClientName, string provider, string service, CloudServiceOptions options, int maxTextLength,
        ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _httpClientName = httpClientName;
        _provider = provider;
        _service = service;
        _maxTextLength = maxTextLength;
        _idleTimeout = options.StreamIdleTimeout;
        _logger = logger;
        _time = time;
    }

    /// <inheritdoc />
    public int SampleRate => 16_000;

    /// <inheritdoc />
    public IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(string text, CancellationToken cancellationToken = default)
    {
        // Checked here, not when enumeration starts, so that a bad text fails at the call.
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > _maxTextLength)
        {
            throw new ArgumentException($"The text is {text.Length} characters long; at most {_maxTextLength} are synthesised at once.", nameof(text));
        }

        return StreamCheckedAsync(text, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<short[]> SynthesizeAsync(string text, CancellationToken cancellationToken = default)
    {
        var all = new List<short>(16_000);
        await foreach (ReadOnlyMemory<short> chunk in StreamAsync(text, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            all.AddRange(chunk.Span);
        }

        return [.. all];
    }

    /// <summary>The service's request for <paramref name="text"/> (asked for 16 kHz 16-bit mono PCM), made when enumeration starts.</summary>
    private protected abstract HttpRequestMessage BuildRequest(string text);

    private async IAsyncEnumerable<ReadOnlyMemory<short>> StreamCheckedAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (var scope = new CloudRequestScope(_provider, _service, "synthesize", _logger, _time))
        using (HttpRequestMessage request = BuildRequest(text))
        {
            using HttpResponseMessage response = await scope.SendAsync(_clients.CreateClient(_httpClientName), request, cancellationToken).ConfigureAwait(false);
            Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                await foreach (ReadOnlyMemory<short> chunk in PcmResponseReader.ReadAsync(body, scope, _idleTimeout, cancellationToken).ConfigureAwait(false))
                {
                    yield return chunk;
                }
            }

            scope.Complete();
        }
    }
}
