namespace EslKit.Controller.Speech;

/// <summary>A speech-to-text engine failed: a model that does not load, a grammar it refuses, a native call that errs.</summary>
public sealed class SpeechRecognitionException : Exception
{
    /// <summary>Creates the exception with a message saying what failed.</summary>
    public SpeechRecognitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public SpeechRecognitionException()
    {
    }

    /// <summary>Creates the exception with a message and the error that caused it.</summary>
    public SpeechRecognitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
