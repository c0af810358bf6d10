namespace EslKit.AudioStream;

/// <summary>
/// A send refused at once because the session's send queue is full
/// (<see cref="AudioStreamOptions.SendQueueCapacity"/> messages or <see cref="AudioStreamOptions.MaxQueuedSendBytes"/>
/// bytes waiting): the client reads more slowly than the application sends. The session stays open; what was
/// queued before is still sent in order.
/// </summary>
public sealed class AudioStreamSendQueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AudioStreamSendQueueFullException()
        : base("The audio stream's send queue is full: the client is not reading fast enough.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AudioStreamSendQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public AudioStreamSendQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
