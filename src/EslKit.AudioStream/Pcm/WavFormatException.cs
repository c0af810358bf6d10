namespace EslKit.AudioStream;

/// <summary>The bytes are not a WAV file this library reads: RIFF/WAVE with 16-bit PCM samples.</summary>
public sealed class WavFormatException : FormatException
{
    /// <summary>Creates the exception with a message saying what is wrong.</summary>
    public WavFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public WavFormatException()
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public WavFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
