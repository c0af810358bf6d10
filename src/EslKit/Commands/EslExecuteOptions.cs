namespace EslKit.Commands;

/// <summary>How <c>sendmsg … call-command: execute</c> runs its application.</summary>
public readonly record struct EslExecuteOptions
{
    /// <summary>
    /// <c>loops: N</c>: run the application N times (FreeSWITCH stops early when one run takes under
    /// half a second); -1 loops until the channel ends; 0 (the default) writes no header, i.e. once.
    /// </summary>
    public int Loops { get; init; }

    /// <summary><c>event-lock: true</c>: later messages to the channel wait until this application has finished.</summary>
    public bool EventLock { get; init; }

    /// <summary><c>async: true</c>: queue the message instead of running it on the socket thread (a static outbound socket).</summary>
    public bool Async { get; init; }

    /// <summary><c>Event-UUID: …</c>: tags the application's CHANNEL_EXECUTE/EXECUTE_COMPLETE events (as <c>Application-UUID</c>).</summary>
    public Guid? EventUuid { get; init; }

    /// <summary>
    /// Send the argument as the message body (<c>content-type: text/plain</c> + <c>content-length</c>)
    /// instead of an <c>execute-app-arg</c> header, e.g. for long arguments. Arguments with a line break
    /// or a leading blank always go in the body: a header can carry neither.
    /// </summary>
    public bool ArgumentInBody { get; init; }

    /// <summary>Mask the argument in <see cref="object.ToString"/> and logs (e.g. it sets a password).</summary>
    public bool SecretArgument { get; init; }
}
