using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// Azure Speech speech-to-text over the REST API for short audio: each utterance is one request whose WAV body is
/// uploaded with chunked transfer encoding while the caller speaks, so when the utterance ends only the recognition
/// of its tail is left. At most 60 s of audio per utterance (the API's limit; more is not sent). Final results only.
/// </summary>
/// <remarks>
/// Thread-safe. The grammar is ignored (the service recognises free speech). Failures surface from
/// <see cref="ISpeechUtterance.EndAsync"/> as <see cref="SpeechProviderException"/>s (provider <c>azure-stt</c>);
/// disposing an utterance without ending it aborts its request.
/// </remarks>
public sealed class AzureSpeechToText : ISpeechToText
{
    /// <summary>The named HttpClient (with its resilience pipeline) this provider uses.</summary>
    public const string HttpClientName = "EslKit.Speech.AzureSpeechToText";

    internal const string Provider = "azure-stt";
    internal const string Service = "Azure speech-to-text";

    /// <summary>The REST API for short audio takes at most 60 s of audio.</summary>
    internal const int MaxSeconds = 60;

    private readonly IHttpClientFactory _clients;
    private readonly AzureSpeechOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the provider.</summary>
    public AzureSpeechToText(IHttpClientFactory clients, IOptions<AzureSpeechOptions> options, ILogger<AzureSpeechToText> logger, TimeProvider time)
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
    public ValueTask<ISpeechUtterance> BeginUtteranceAsync(SpeechGrammar? grammar, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var address = new Uri($"{_options.ResolvedSpeechToTextEndpoint}?language={Uri.EscapeDataString(_options.Language)}&format=detailed");
        var utterance = new AzureSpeechUtterance(_clients.CreateClient(HttpClientName), address, _options, _logger, _time, SampleRate);
        return ValueTask.FromResult<ISpeechUtterance>(utterance);
    }
}
