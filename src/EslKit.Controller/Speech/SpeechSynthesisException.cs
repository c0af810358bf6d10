namespace EslKit.Controller.Speech;

/// <summary>A text-to-speech engine failed: it does not load, refuses the voice, or errs while synthesising.</summary>
public sealed class SpeechSynthesisException : Exception
{
    /// <summary>Creates the exception with a message saying what failed.</summary>
    public SpeechSynthesisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SpeechSynthesisException()
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public SpeechSynthesisException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
