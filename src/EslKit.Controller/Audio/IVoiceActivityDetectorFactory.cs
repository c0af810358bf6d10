namespace EslKit.Controller.Audio;

/// <summary>Creates each call's voice-activity detector (detectors keep per-stream state). Thread-safe.</summary>
public interface IVoiceActivityDetectorFactory
{
    /// <summary>The detector's name, for logs and benchmarks ("energy", "silero").</summary>
    string Name { get; }

    /// <summary>A fresh detector for one call's 16 kHz mono audio.</summary>
    IVoiceActivityDetector Create();
}
