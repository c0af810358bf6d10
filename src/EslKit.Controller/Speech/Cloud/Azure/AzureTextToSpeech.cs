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
public sealed class AzureTextToSpeech : CloudTextToSpeech
{
    /// <summary>The named HttpClient (with its resilience pipeline) this provider uses.</summary>
    public const string HttpClientName = "EslKit.Speech.AzureTextToSpeech";

    internal const string Provider = "azure-tts";
    private const string Service = "Azure text-to-speech";

    private readonly AzureSpeechOptions _options;

    /// <summary>Creates the provider.</summary>
    public AzureTextToSpeech(IHttpClientFactory clients, IOptions<AzureSpeechOptions> options, ILogger<AzureTextToSpeech> logger, TimeProvider time)
        : base(clients, HttpClientName, Provider, Service, Value(options), Value(options).MaxTextLength, logger, time)
    {
        _options = options.Value;
    }

    private static AzureSpeechOptions Value(IOptions<AzureSpeechOptions> options) => (options ?? throw new ArgumentNullException(nameof(options))).Value;

    private protected override HttpRequestMessage BuildRequest(string text)
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
}
