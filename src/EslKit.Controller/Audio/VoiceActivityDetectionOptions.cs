using EslKit.Controller.Audio.Silero;

namespace EslKit.Controller.Audio;

/// <summary>
/// Which voice-activity detector each call gets, and the settings of both (configuration section <c>Speech:Vad</c>):
/// <c>Detector</c> (<c>Energy</c> or <c>Silero</c>), <c>Energy:…</c> and <c>Silero:…</c>.
/// </summary>
public sealed class VoiceActivityDetectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Speech:Vad";

    /// <summary>The detector (default <see cref="VoiceActivityDetectorKind.Energy"/>).</summary>
    public VoiceActivityDetectorKind Detector { get; set; } = VoiceActivityDetectorKind.Energy;

    /// <summary>Settings of the energy detector (section <c>Speech:Vad:Energy</c>).</summary>
    public EnergyVoiceActivityDetectorOptions Energy { get; set; } = new();

    /// <summary>Settings of the Silero detector (section <c>Speech:Vad:Silero</c>), read only when it is the detector.</summary>
    public SileroVoiceActivityDetectorOptions Silero { get; set; } = new();
}
