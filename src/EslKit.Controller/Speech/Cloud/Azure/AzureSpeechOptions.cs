namespace EslKit.Controller.Speech.Cloud.Azure;

/// <summary>
/// Azure Speech over its REST APIs (configuration section <c>Speech:Azure</c>): one Speech resource's key and region
/// serve both speech-to-text (REST API for short audio) and text-to-speech.
/// </summary>
public sealed class AzureSpeechOptions : CloudServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Speech:Azure";

    /// <summary>The Speech resource's region (e.g. <c>westeurope</c>): it names the endpoints unless they are set.</summary>
    public string? Region { get; set; }

    /// <summary>The speech-to-text endpoint; default <c>https://{Region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1</c>.</summary>
    public Uri? SpeechToTextEndpoint { get; set; }

    /// <summary>The text-to-speech endpoint; default <c>https://{Region}.tts.speech.microsoft.com/cognitiveservices/v1</c>.</summary>
    public Uri? TextToSpeechEndpoint { get; set; }

    /// <summary>The recognition language and the SSML <c>xml:lang</c> (default <c>en-US</c>).</summary>
    public string Language { get; set; } = "en-US";

    /// <summary>The neural voice to speak with (default <c>en-US-JennyNeural</c>).</summary>
    public string Voice { get; set; } = "en-US-JennyNeural";

    /// <summary>Sent as <c>User-Agent</c>, which the text-to-speech API requires (default <c>EslKit</c>).</summary>
    public string UserAgent { get; set; } = "EslKit";

    /// <summary>The longest text synthesised in one request, in characters (default 2,000).</summary>
    public int MaxTextLength { get; set; } = 2_000;

    /// <summary>The speech-to-text endpoint in use.</summary>
    internal Uri ResolvedSpeechToTextEndpoint =>
        SpeechToTextEndpoint ?? new Uri($"https://{Region}.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1");

    /// <summary>The text-to-speech endpoint in use.</summary>
    internal Uri ResolvedTextToSpeechEndpoint =>
        TextToSpeechEndpoint ?? new Uri($"https://{Region}.tts.speech.microsoft.com/cognitiveservices/v1");

    /// <summary>Either a region (a DNS label) or both endpoints are set.</summary>
    internal bool HasEndpoints() =>
        (SpeechToTextEndpoint is not null && TextToSpeechEndpoint is not null)
        || (!string.IsNullOrEmpty(Region) && Region.Length <= 63 && Region.All(char.IsAsciiLetterOrDigit));

    /// <inheritdoc />
    protected override string Describe() =>
        $"Region = {Region}, SpeechToTextEndpoint = {SpeechToTextEndpoint}, TextToSpeechEndpoint = {TextToSpeechEndpoint}, Language = {Language}, Voice = {Voice}";
}
