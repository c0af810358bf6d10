namespace EslKit.Controller.Speech;

/// <summary>Which speech providers the controller uses (configuration section <c>Speech</c>); the offline ones by default.</summary>
public sealed class SpeechOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Speech";

    /// <summary>The speech-to-text engine (default <see cref="SpeechToTextProvider.PocketSphinx"/>).</summary>
    public SpeechToTextProvider SpeechToText { get; set; } = SpeechToTextProvider.PocketSphinx;

    /// <summary>The conversation agent (default <see cref="AgentProvider.Scripted"/>).</summary>
    public AgentProvider Agent { get; set; } = AgentProvider.Scripted;

    /// <summary>The text-to-speech engine (default <see cref="TextToSpeechProvider.ESpeak"/>).</summary>
    public TextToSpeechProvider TextToSpeech { get; set; } = TextToSpeechProvider.ESpeak;
}
