using System.Net;
using EslKit.Connections;
using EslKit.Protocol;

namespace EslKit.Outbound;

/// <summary>How an <see cref="EslOutboundServer"/> listens and runs its sessions.</summary>
public sealed class EslOutboundServerOptions
{
    /// <summary>Where to listen (default 127.0.0.1:8084, what <c>socket 127.0.0.1:8084 async full</c> dials). IPv6 works.</summary>
    public IPEndPoint EndPoint { get; set; } = new(IPAddress.Loopback, 8084);

    /// <summary>
    /// Peers allowed to connect (FreeSWITCH's addresses); empty allows any. Others are closed at once.
    /// Default: loopback only.
    /// </summary>
    public IList<IPNetwork> AllowedPeers { get; } = [new IPNetwork(IPAddress.Loopback, 8), new IPNetwork(IPAddress.IPv6Loopback, 128)];

    /// <summary>Most sessions at once; a call past it is refused by closing its socket (default 10,000).</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>Time allowed for FreeSWITCH to answer <c>connect</c> with the channel data (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for the reply to a command (default 30 s).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a session's bgapi job to deliver its BACKGROUND_JOB (default 5 min).</summary>
    public TimeSpan BackgroundJobTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Send <c>myevents</c> before the handler runs, so no event of the call is missed (default true).</summary>
    public bool SubscribeToChannelEvents { get; set; } = true;

    /// <summary>The format for <c>myevents</c> (default plain).</summary>
    public EslEventFormat EventFormat { get; set; } = EslEventFormat.Plain;

    /// <summary>
    /// Send <c>linger</c> before the handler runs when the socket is in <c>full</c> mode, so the events after
    /// hangup (CHANNEL_HANGUP_COMPLETE with the call's times) still arrive (default true). The session
    /// ends when the handler returns.
    /// </summary>
    public bool Linger { get; set; } = true;

    /// <summary>Buffering of each session's event stream.</summary>
    public EslSubscriptionOptions Subscription { get; set; } = EslSubscriptionOptions.Default;

    /// <summary>Time sessions get to finish when the server stops, before their sockets are closed (default 10 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Caps on received frames.</summary>
    public EslParserLimits Limits { get; set; } = EslParserLimits.Default;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(EndPoint);
        if (MaxSessions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSessions), MaxSessions, "At least one session must be allowed.");
        }

        if (ConnectTimeout <= TimeSpan.Zero || CommandTimeout <= TimeSpan.Zero || ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), "Timeouts must be positive.");
        }

        Subscription.Validate();
        Limits.Validate();
    }
}
