namespace EslKit.Controller.Audio;

/// <summary>Creates <see cref="EnergyVoiceActivityDetector"/>s from one set of settings: the controller's default detector.</summary>
public sealed class EnergyVoiceActivityDetectorFactory : IVoiceActivityDetectorFactory
{
    private readonly EnergyVoiceActivityDetectorOptions _options;

    /// <summary>Checks the settings once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public EnergyVoiceActivityDetectorFactory(EnergyVoiceActivityDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    public string Name => "energy";

    /// <inheritdoc />
    public IVoiceActivityDetector Create() => new EnergyVoiceActivityDetector(_options);
}
