namespace EslKit.Controller.Speech.Cloud.ElevenLabs;

/// <summary>ElevenLabs streaming text-to-speech (configuration section <c>Speech:ElevenLabs</c>).</summary>
public sealed class ElevenLabsOptions : CloudServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Speech:ElevenLabs";

    /// <summary>The API's base address (default <c>https://api.elevenlabs.io/</c>).</summary>
    public Uri Endpoint { get; set; } = new("https://api.elevenlabs.io/");

    /// <summary>The voice's id (required: ElevenLabs names voices by id).</summary>
    public string? VoiceId { get; set; }

    /// <summary>The model (default <c>eleven_flash_v2_5</c>, the low-latency one).</summary>
    public string ModelId { get; set; } = "eleven_flash_v2_5";

    /// <summary>The longest text synthesised in one request, in characters (default 2,000).</summary>
    public int MaxTextLength { get; set; } = 2_000;

    /// <summary>The voice id is a path-safe token.</summary>
    internal bool HasUsableVoice() =>
        !string.IsNullOrEmpty(VoiceId) && VoiceId.Length <= 64 && VoiceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <inheritdoc />
    protected override string Describe() => $"Endpoint = {Endpoint}, VoiceId = {VoiceId}, ModelId = {ModelId}";
}
