using EslKit.Controller.Audio.Silero;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Audio;

/// <summary>
/// Makes each call's voice-activity detector, of the kind configured in <see cref="VoiceActivityDetectionOptions"/>.
/// For Silero it loads the model once, when the factory is created (at the controller's start: a missing model file
/// stops the start with a <see cref="SileroVadModelException"/> saying to run <c>scripts/fetch-models.sh</c>), and
/// every detector shares it.
/// </summary>
/// <remarks>Thread-safe. A detector it makes may be <see cref="IDisposable"/> (Silero's holds native tensors): the
/// caller disposes it when the call ends, then the factory last.</remarks>
public sealed class VoiceActivityDetectorFactory : IDisposable
{
    private readonly VoiceActivityDetectionOptions _options;
    private readonly SileroVadModel? _model;

    /// <summary>Creates the factory; for Silero, loads the model.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option of the configured detector is out of range.</exception>
    /// <exception cref="SileroVadModelException">Silero is configured and its model file is missing or not a Silero VAD v5 model.</exception>
    public VoiceActivityDetectorFactory(IOptions<VoiceActivityDetectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        switch (_options.Detector)
        {
            case VoiceActivityDetectorKind.Energy:
                _options.Energy.Validate();
                break;
            case VoiceActivityDetectorKind.Silero:
                _options.Silero.Validate();
                _model = new SileroVadModel(_options.Silero.ModelPath);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), _options.Detector, "Speech:Vad:Detector must be Energy or Silero.");
        }
    }

    /// <summary>The configured detector kind.</summary>
    public VoiceActivityDetectorKind Detector => _options.Detector;

    /// <summary>The sample rate the detectors take.</summary>
    public int SampleRate => _options.Detector == VoiceActivityDetectorKind.Silero ? _options.Silero.SampleRate : _options.Energy.SampleRate;

    /// <summary>A new detector for one stream.</summary>
    /// <exception cref="ObjectDisposedException">The factory is disposed.</exception>
    public IVoiceActivityDetector Create()
    {
        if (_model is null)
        {
            return new EnergyVoiceActivityDetector(_options.Energy);
        }

        return new SileroVoiceActivityDetector(_model, _options.Silero);
    }

    /// <summary>Unloads the Silero model, if one was loaded; dispose the detectors first.</summary>
    public void Dispose() => _model?.Dispose();
}
