namespace EslKit.AudioStream;

/// <summary>
/// The shape of the L16 audio a stream carries: signed 16-bit little-endian samples at
/// <see cref="SampleRate"/>, <see cref="Channels"/> interleaved. mod_audio_stream sends no header, so this is what
/// the application asked for in <c>uuid_audio_stream &lt;uuid&gt; start &lt;url&gt; mono|mixed|stereo 8k|16k</c>
/// (<c>mono</c> and <c>mixed</c> are one channel, <c>stereo</c> two).
/// </summary>
/// <param name="SampleRate">Samples per second per channel: 8000, 16000, 24000, 32000 or 48000.</param>
/// <param name="Channels">1 (mono, mixed) or 2 (stereo: the caller and the callee interleaved).</param>
public readonly record struct AudioStreamFormat(int SampleRate, int Channels)
{
    /// <summary>Telephone band, one channel (<c>mono 8k</c>): 320 bytes per 20 ms.</summary>
    public static AudioStreamFormat Mono8k => new(8000, 1);

    /// <summary>Wideband, one channel (<c>mono 16k</c>, what the controller asks for): 640 bytes per 20 ms.</summary>
    public static AudioStreamFormat Mono16k => new(16000, 1);

    /// <summary>Telephone band, two channels (<c>stereo 8k</c>): 640 bytes per 20 ms.</summary>
    public static AudioStreamFormat Stereo8k => new(8000, 2);

    /// <summary>Wideband, two channels (<c>stereo 16k</c>): 1,280 bytes per 20 ms.</summary>
    public static AudioStreamFormat Stereo16k => new(16000, 2);

    /// <summary>Bytes of one sample of every channel (2 per channel).</summary>
    public int BytesPerSampleFrame => 2 * Channels;

    /// <summary>Bytes of 20 ms of audio, the module's frame (its <c>STREAM_BUFFER_SIZE</c> sends multiples of it).</summary>
    public int BytesPer20Milliseconds => SampleRate / 50 * BytesPerSampleFrame;

    /// <summary>How long <paramref name="byteCount"/> bytes of this audio play.</summary>
    public TimeSpan GetDuration(int byteCount) =>
        TimeSpan.FromTicks(byteCount / BytesPerSampleFrame * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Throws when the rate or the channel count is one mod_audio_stream cannot produce.</summary>
    /// <param name="name">The setting's name, for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not 8, 16, 24, 32 or 48 kHz, or the channels not 1 or 2.</exception>
    public void Validate(string name = "Format")
    {
        if (SampleRate is not (8000 or 16000 or 24000 or 32000 or 48000))
        {
            throw new ArgumentOutOfRangeException(name, SampleRate, "The sample rate must be 8000, 16000, 24000, 32000 or 48000.");
        }

        if (Channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(name, Channels, "The channel count must be 1 (mono, mixed) or 2 (stereo).");
        }
    }

    /// <summary>For example <c>16000 Hz mono</c>.</summary>
    public override string ToString() => $"{SampleRate} Hz {(Channels == 1 ? "mono" : "stereo")}";
}
