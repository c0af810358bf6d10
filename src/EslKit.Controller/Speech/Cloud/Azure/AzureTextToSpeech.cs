using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// Azure Speech text-to-speech over its REST API: the text wrapped in SSML with the configured voice, audio asked as
/// <c>raw-16khz-16bit-mono-pcm</c> and streamed to the caller as it arrives.
/// </summary>
/// <remarks>Thread-safe. Failures are <see cref="SpeechProviderException"/>s (provider <c>azure-tts</c>); cancelling the token (a barge-in) aborts the request.</remarks>
public sealed class AzureTextToSpeech : ITextToSpeech
{
    /// <summary>The named HttpClient (with its resilience pipeline) this provider uses.</summary>
    public const string HttpClientName = "EslKit.Speech.AzureTextToSpeech";

    internal const string Provider = "azure-tts";
    private const string Service = "Azure text-to-speech";

    private readonly IHttpClientFactory _clients;
    private readonly AzureSpeechOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    public AzureTextToSpeech(IHttpClientFactory clients, IOptions<AzureSpeechOptions> options, ILogger<AzureTextToSpeech> logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(options);
        _clients = clients;
        _options = options.Value;
        _logger = logger;
        _time = time;
    }

    /// <inheritdoc />
    public int SampleRate => 16_000;

    /// <inheritdoc />
    public IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(string text, CancellationToken cancellationToken = default)
    {
        CloudTextToSpeech.CheckText(text, _options.MaxTextLength);
        return CloudTextToSpeech.StreamAsync(
            _clients.CreateClient(HttpClientName), () => BuildRequest(text), Provider, Service, _logger, _time, _options.StreamIdleTimeout, cancellationToken);
    }

    private HttpRequestMessage BuildRequest(string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _options.ResolvedTextToSpeechEndpoint)
        {
            Content = new StringContent(AzureSsml.Build(text, _options.Voice, _options.Language), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/ssml+xml");
        request.Headers.Add("Ocp-Apim-Subscription-Key", _options.ApiKey);
        request.Headers.Add("X-Microsoft-OutputFormat", "raw-16khz-16bit-mono-pcm");
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        return request;
    }

    /// <inheritdoc />
    public ValueTask<short[]> SynthesizeAsync(string text, CancellationToken cancellationToken = default) =>
        CloudTextToSpeech.CollectAsync(StreamAsync(text, cancellationToken), cancellationToken);
}
