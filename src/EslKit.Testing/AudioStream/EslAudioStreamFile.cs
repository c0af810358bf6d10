namespace EslKit.Testing;

/// <summary>
/// A file the emulated mod_audio_stream wrote for a <c>streamAudio</c> message (<see cref="EslEmulatorAudioStreamSession.Files"/>):
/// <c>&lt;directory&gt;/&lt;uuid&gt;_&lt;n&gt;.tmp.r16</c> and so on, announced by CUSTOM <c>mod_audio_stream::play</c>.
/// </summary>
public sealed class EslAudioStreamFile
{
    internal EslAudioStreamFile(int index, string path, string audioDataType, int sampleRate, byte[] content, string playEventBody)
    {
        Index = index;
        Path = path;
        AudioDataType = audioDataType;
        SampleRate = sampleRate;
        Content = content;
        PlayEventBody = playEventBody;
    }

    /// <summary>Its number within the stream (0, 1, …), as in the file name.</summary>
    public int Index { get; }

    /// <summary>Where it was written (the module deletes its files when the stream ends; <see cref="Content"/> keeps the bytes).</summary>
    public string Path { get; }

    /// <summary><c>raw</c>, <c>wav</c>, <c>mp3</c>, <c>ogg</c>, <c>pcmu</c> or <c>pcma</c>.</summary>
    public string AudioDataType { get; }

    /// <summary>The <c>sampleRate</c> the message gave (0 when none).</summary>
    public int SampleRate { get; }

    /// <summary>The decoded <c>audioData</c>, as written.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>The body of the CUSTOM <c>mod_audio_stream::play</c> event it raised.</summary>
    public string PlayEventBody { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Path} ({Content.Length} bytes)";
}
