namespace EslKit.AudioStream;

/// <summary>A send on a session that is closing or closed; <see cref="Reason"/> tells why it ended.</summary>
public sealed class AudioStreamClosedException : InvalidOperationException
{
    /// <summary>Creates the exception for a session that ended for <paramref name="reason"/>.</summary>
    public AudioStreamClosedException(AudioStreamCloseReason reason)
        : base($"The audio stream is closed ({reason}).")
    {
        Reason = reason;
    }

    /// <summary>Creates the exception for a session that ended for <paramref name="reason"/>, caused by <paramref name="innerException"/>.</summary>
    public AudioStreamClosedException(AudioStreamCloseReason reason, Exception? innerException)
        : base($"The audio stream is closed ({reason}).", innerException)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception with a message.</summary>
    public AudioStreamClosedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public AudioStreamClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AudioStreamClosedException()
        : base("The audio stream is closed.")
    {
    }

    /// <summary>Why the session ended.</summary>
    public AudioStreamCloseReason? Reason { get; }
}
