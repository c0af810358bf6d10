namespace EslKit;

/// <summary>A change of <see cref="EslClient.State"/>.</summary>
public sealed class EslConnectionStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public EslConnectionStateChangedEventArgs(EslConnectionState previous, EslConnectionState current, Exception? reason)
    {
        Previous = previous;
        Current = current;
        Reason = reason;
    }

    /// <summary>The state before.</summary>
    public EslConnectionState Previous { get; }

    /// <summary>The state now.</summary>
    public EslConnectionState Current { get; }

    /// <summary>Why the connection was lost or an attempt failed, when that is what happened.</summary>
    public Exception? Reason { get; }
}
