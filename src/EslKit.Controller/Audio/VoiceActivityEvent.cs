namespace EslKit.Controller.Audio;

/// <summary>What a frame changed in a voice-activity detector's utterance state.</summary>
public enum VoiceActivityEvent
{
    /// <summary>Nothing: still in silence, or still in speech.</summary>
    None = 0,

    /// <summary>An utterance has begun (it started at <see cref="VoiceActivity.UtteranceStart"/>, a little before this frame).</summary>
    SpeechStarted = 1,

    /// <summary>The utterance has ended (its speech ended at <see cref="VoiceActivity.UtteranceEnd"/>; this frame closes the hangover).</summary>
    SpeechEnded = 2,
}
