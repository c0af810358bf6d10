namespace EslKit.Controller.Speech;

/// <summary>Which speech-to-text engine the controller uses (<c>Speech:SpeechToText</c>).</summary>
public enum SpeechToTextProvider
{
    /// <summary>pocketsphinx in process, offline (the default).</summary>
    PocketSphinx,

    /// <summary>Azure Speech, REST API for short audio (<c>Speech:Azure</c>).</summary>
    Azure,
}
