using EslKit.Controller.Audio;

namespace EslKit.Controller.Speech;

/// <summary>What one frame did in a <see cref="StreamingSpeechRecognizer"/>.</summary>
/// <param name="Activity">The voice-activity decision for the frame.</param>
/// <param name="Transcript">The utterance's final transcript when this frame ended one; otherwise null.</param>
public readonly record struct StreamingRecognitionResult(VoiceActivity Activity, SpeechTranscript? Transcript);
