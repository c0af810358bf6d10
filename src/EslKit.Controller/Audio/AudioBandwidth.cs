namespace EslKit.Controller.Audio;

/// <summary>The audio band a call carries.</summary>
public enum AudioBandwidth
{
    /// <summary>Not known (yet): treated as narrowband, what most calls are.</summary>
    Unknown = 0,

    /// <summary>Telephone band (G.711 and other 8 kHz codecs): nothing above about 4 kHz. Needs conditioning before recognition.</summary>
    Narrowband = 1,

    /// <summary>Wideband (G.722, Opus, 16 kHz sources): speech energy above 4 kHz. Recognised as it is.</summary>
    Wideband = 2,
}
