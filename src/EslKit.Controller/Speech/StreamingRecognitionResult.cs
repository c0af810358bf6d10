using EslKit.Controller.Audio;

namespace EslKit.Controller.Speech;

/// <summary>What one frame did in a <see cref="StreamingSpeechRecognizer"/>.</summary>
/// <param name="Activity">The voice-activity decision for the frame.</param>
/// <param name="Transcript">The utterance's final transcript when this frame ended one (or finished one that ended earlier); otherwise null.</param>
/// <param name="Utterance">
/// The voice activity of the frame that ended the transcribed utterance when that was an earlier frame (the utterance
/// waited for a free decoder, its audio kept meanwhile); null when it is <paramref name="Activity"/>.
/// </param>
public readonly record struct StreamingRecognitionResult(VoiceActivity Activity, SpeechTranscript? Transcript, VoiceActivity? Utterance = null)
{
    /// <summary>The voice activity that ended the transcribed utterance: <see cref="Utterance"/> or <see cref="Activity"/>.</summary>
    public VoiceActivity UtteranceActivity => Utterance ?? Activity;
}
