namespace EslKit.Controller.Audio;

/// <summary>Which voice-activity detector the controller runs on each call (configuration <c>Speech:Vad:Detector</c>).</summary>
public enum VoiceActivityDetectorKind
{
    /// <summary><see cref="EnergyVoiceActivityDetector"/>: the default (docs/voice.md, "Silero VAD vs energy").</summary>
    Energy = 0,

    /// <summary><see cref="Silero.SileroVoiceActivityDetector"/>: needs the model file from <c>scripts/fetch-models.sh</c>.</summary>
    Silero = 1,
}
