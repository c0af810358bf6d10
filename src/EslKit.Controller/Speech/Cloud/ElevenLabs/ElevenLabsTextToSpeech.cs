using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Speech.Cloud.ElevenLabs;

/// <summary>
/// ElevenLabs streaming text-to-speech (<c>POST /v1/text-to-speech/{voice_id}/stream?output_format=pcm_16000</c>):
/// 16 kHz 16-bit PCM yielded as it arrives, so playback starts with the first chunk.
/// </summary>
/// <remarks>Thread-safe. Failures are <see cref="SpeechProviderException"/>s (provider <c>elevenlabs</c>); cancelling the token (a barge-in) aborts the request.</remarks>
public sealed class ElevenLabsTextToSpeech : CloudTextToSpeech
{
    /// <summary>The named HttpClient (with its resilience pipeline) this provider uses.</summary>
    public const string HttpClientName = "EslKit.Speech.ElevenLabs";

    internal const string Provider = "elevenlabs";
    private const string Service = "ElevenLabs text-to-speech";

    private readonly ElevenLabsOptions _options;

    /// <summary>Creates the provider.</summary>
    public ElevenLabsTextToSpeech(IHttpClientFactory clients, IOptions<ElevenLabsOptions> options, ILogger<ElevenLabsTextToSpeech> logger, TimeProvider time)
        : base(clients, HttpClientName, Provider, Service, Value(options), Value(options).MaxTextLength, logger, time)
    {
        _options = options.Value;
    }

    private static ElevenLabsOptions Value(IOptions<ElevenLabsOptions> options) => (options ?? throw new ArgumentNullException(nameof(options))).Value;

    private protected override HttpRequestMessage BuildRequest(string text)
    {
        var address = new Uri(_options.Endpoint, $"v1/text-to-speech/{Uri.EscapeDataString(_options.VoiceId ?? string.Empty)}/stream?output_format=pcm_16000");
        var request = new HttpRequestMessage(HttpMethod.Post, address)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["text"] = text, ["model_id"] = _options.ModelId })),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("xi-api-key", _options.ApiKey);
        return request;
    }
}
