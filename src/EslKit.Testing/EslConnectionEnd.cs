namespace EslKit.Testing;

/// <summary>Why an emulated connection ended.</summary>
public enum EslConnectionEnd
{
    /// <summary>The client sent <c>exit</c> (reply <c>+OK bye</c>, then the goodbye notice).</summary>
    Exit,

    /// <summary><c>auth</c>/<c>userauth</c> failed (<c>-ERR invalid</c>, then the goodbye notice).</summary>
    AuthenticationFailed,

    /// <summary>No complete first packet within <see cref="EslEmulatorOptions.AuthTimeout"/>.</summary>
    AuthTimeout,

    /// <summary>Refused by <see cref="EslEmulatorOptions.AclRejects"/> (rude rejection).</summary>
    AclRejected,

    /// <summary>The client closed its side.</summary>
    ClientClosed,

    /// <summary>Killed with a notice: queue overflow, <see cref="EslSwitchEmulator.StopAsync"/> or <see cref="EslEmulatorConnection.CloseGracefullyAsync"/>.</summary>
    Killed,

    /// <summary>The controlled channel (myevents, or an outbound socket's channel) hung up, after any linger.</summary>
    SessionEnded,

    /// <summary>Dropped abortively (<see cref="EslEmulatorConnection.DropAsync"/>, or a socket error).</summary>
    Dropped,

    /// <summary>An outbound socket got no complete first packet (<c>connect</c>) within <see cref="EslOutboundCallOptions.ConnectTimeout"/>.</summary>
    ConnectTimeout,
}
