namespace EslKit.Controller.Speech;

/// <summary>Which text-to-speech engine the controller uses (<c>Speech:TextToSpeech</c>).</summary>
public enum TextToSpeechProvider
{
    /// <summary>espeak-ng in process, offline (the default).</summary>
    ESpeak,

    /// <summary>Azure Speech text-to-speech REST API (<c>Speech:Azure</c>).</summary>
    Azure,

    /// <summary>ElevenLabs streaming text-to-speech (<c>Speech:ElevenLabs</c>).</summary>
    ElevenLabs,
}
