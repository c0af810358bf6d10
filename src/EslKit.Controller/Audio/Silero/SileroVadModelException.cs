namespace EslKit.Controller.Audio.Silero;

/// <summary>
/// The Silero VAD model cannot be used: its file is missing (run <c>scripts/fetch-models.sh</c>), is not an ONNX
/// model, or is not a Silero VAD v5 model.
/// </summary>
public sealed class SileroVadModelException : Exception
{
    /// <summary>Creates the exception with a message saying what failed and what to do.</summary>
    public SileroVadModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SileroVadModelException()
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public SileroVadModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
