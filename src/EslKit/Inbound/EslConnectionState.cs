namespace EslKit;

/// <summary>Where an <see cref="EslClient"/> is in its life.</summary>
public enum EslConnectionState
{
    /// <summary>Not connected (before ConnectAsync, or after a loss with reconnect disabled).</summary>
    Disconnected,

    /// <summary>ConnectAsync is connecting and authenticating.</summary>
    Connecting,

    /// <summary>Authenticated, events and filters applied; commands can be sent.</summary>
    Connected,

    /// <summary>The connection was lost; waiting to retry or retrying. Commands fail fast meanwhile.</summary>
    Reconnecting,

    /// <summary>CloseAsync or DisposeAsync has run; the client cannot be used again.</summary>
    Closed,
}
