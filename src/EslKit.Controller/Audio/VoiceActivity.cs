namespace EslKit.Controller.Audio;

/// <summary>
/// A voice-activity detector's decision for one frame. Times are offsets in the audio stream (samples counted
/// from the detector's first frame), not wall-clock times.
/// </summary>
/// <param name="Event">What this frame changed: an utterance started, ended, or neither.</param>
/// <param name="InUtterance">True while an utterance is open (from its start decision to its end decision).</param>
/// <param name="IsSpeechFrame">True when this frame on its own sounds like speech.</param>
/// <param name="FrameEnd">Offset of the end of this frame in the stream.</param>
/// <param name="UtteranceStart">Where the current (or just ended) utterance's speech began; the start decision
/// comes later, after the minimum speech duration, so keep that much audio before it.</param>
/// <param name="UtteranceEnd">Where the just ended utterance's speech ended (meaningful with <see cref="VoiceActivityEvent.SpeechEnded"/>).</param>
/// <param name="LevelDbfs">The frame's RMS level.</param>
/// <param name="NoiseFloorDbfs">The detector's estimate of the background level.</param>
public readonly record struct VoiceActivity(
    VoiceActivityEvent Event,
    bool InUtterance,
    bool IsSpeechFrame,
    TimeSpan FrameEnd,
    TimeSpan UtteranceStart,
    TimeSpan UtteranceEnd,
    double LevelDbfs,
    double NoiseFloorDbfs);
