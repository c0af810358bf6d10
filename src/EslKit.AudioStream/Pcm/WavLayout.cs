namespace EslKit.AudioStream;

/// <summary>Where the samples of a parsed WAV file are: its format and the byte range of its <c>data</c> chunk.</summary>
/// <param name="Format">The audio format.</param>
/// <param name="DataOffset">Offset of the first sample byte from the start of the file.</param>
/// <param name="DataLength">Bytes of sample data (a whole number of sample frames).</param>
public readonly record struct WavLayout(WavFormat Format, int DataOffset, int DataLength)
{
    /// <summary>Samples per channel.</summary>
    public int FrameCount => DataLength / Format.BlockAlign;

    /// <summary>The audio's duration.</summary>
    public TimeSpan Duration => Pcm16.Duration(FrameCount, Format.SampleRate);
}
