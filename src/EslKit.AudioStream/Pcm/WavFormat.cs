namespace EslKit.AudioStream;

/// <summary>The format of 16-bit PCM audio in a WAV file: sample rate and channel count.</summary>
/// <param name="SampleRate">Samples per second per channel (Hz).</param>
/// <param name="Channels">Interleaved channels (1 = mono, 2 = stereo).</param>
public readonly record struct WavFormat(int SampleRate, int Channels)
{
    /// <summary>16 kHz mono: what mod_audio_stream sends for <c>mono 16k</c> and what the speech engines take.</summary>
    public static WavFormat Mono16Khz => new(16_000, 1);

    /// <summary>8 kHz mono: the telephone rate (<c>mono 8k</c>).</summary>
    public static WavFormat Mono8Khz => new(8_000, 1);

    /// <summary>Bytes per sample frame (all channels).</summary>
    public int BlockAlign => Channels * Pcm16.BytesPerSample;

    /// <summary>Bytes per second.</summary>
    public int ByteRate => SampleRate * BlockAlign;
}
