namespace EslKit.Commands;

/// <summary>The sampling rate mod_audio_stream sends L16 audio at.</summary>
public enum EslAudioRate
{
    /// <summary><c>8k</c>: 8,000 samples per second.</summary>
    Rate8k = 0,

    /// <summary><c>16k</c>: 16,000 samples per second.</summary>
    Rate16k,
}
