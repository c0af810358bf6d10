using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
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
    private static readonly XNamespace Ssml = "http://www.w3.org/2001/10/synthesis";

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
            Content = new StringContent(BuildSsml(text, _options.Language, _options.Voice), Encoding.UTF8),
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

    /// <summary>The SSML document for <paramref name="text"/> (escaped as XML text: the caller's words can never become markup).</summary>
    internal static string BuildSsml(string text, string language, string voice)
    {
        var document = new XElement(Ssml + "speak",
            new XAttribute("version", "1.0"),
            new XAttribute(XNamespace.Xml + "lang", language),
            new XElement(Ssml + "voice", new XAttribute("name", voice), text));
        return document.ToString(SaveOptions.DisableFormatting);
    }
}
