using System.Net;
using EslKit.Connections;
using EslKit.Protocol;

namespace EslKit;

/// <summary>How an <see cref="EslOutboundServer"/> listens and runs its sessions.</summary>
public sealed class EslOutboundServerOptions
{
    /// <summary>
    /// The address to listen on (default 127.0.0.1, what <c>socket 127.0.0.1:8084 async full</c> dials);
    /// <c>::</c> listens on every IPv4 and IPv6 address, <c>0.0.0.0</c> on every IPv4 one.
    /// </summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The port to listen on (default 8084; 0 picks a free one).</summary>
    public int Port { get; set; } = 8084;

    /// <summary>
    /// Peers allowed to connect (FreeSWITCH's addresses): comma-separated networks (<c>10.0.0.0/8</c>) or
    /// addresses; <c>*</c> allows any. Others are closed at once. Default: loopback only.
    /// </summary>
    public string AllowedPeers { get; set; } = "127.0.0.0/8, ::1/128";

    /// <summary>Where to listen, from <see cref="Address"/> and <see cref="Port"/>.</summary>
    /// <exception cref="EslInvalidSettingException">The address is not an IP address, or the port is out of range.</exception>
    public IPEndPoint GetEndPoint()
    {
        SettingCheck.Port(Port, nameof(Port), allowZero: true);
        return IPAddress.TryParse(Address, out var address)
            ? new IPEndPoint(address, Port)
            : throw new EslInvalidSettingException(nameof(Address), "must be an IP address to listen on (127.0.0.1, 0.0.0.0 or ::)");
    }

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
    public EslSubscriptionOptions Subscription { get; set; } = new();

    /// <summary>Time sessions get to finish when the server stops, before their sockets are closed (default 10 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Caps on received frames.</summary>
    public EslParserLimits Limits { get; set; } = new();

    /// <summary>Throws when a setting is out of range, naming it and what it must be.</summary>
    /// <exception cref="EslInvalidSettingException">A setting is out of range; <see cref="EslInvalidSettingException.Setting"/> names it (<c>Port</c>, <c>Limits:MaxBodyBytes</c> …).</exception>
    public void Validate()
    {
        // GetEndPoint checks the port first, then the address.
        _ = GetEndPoint();
        _ = ParseAllowedPeers();
        SettingCheck.AtLeast(MaxSessions, 1, nameof(MaxSessions));
        Deadline.Validate(ConnectTimeout, nameof(ConnectTimeout));
        Deadline.Validate(CommandTimeout, nameof(CommandTimeout));
        Deadline.Validate(BackgroundJobTimeout, nameof(BackgroundJobTimeout));
        Deadline.Validate(ShutdownTimeout, nameof(ShutdownTimeout), allowZero: true);
        SettingCheck.Defined(EventFormat, nameof(EventFormat));
        SettingCheck.Part(nameof(Subscription), SettingCheck.Required(Subscription, nameof(Subscription)).Validate);
        SettingCheck.Part(nameof(Limits), SettingCheck.Required(Limits, nameof(Limits)).Validate);
    }

    /// <summary>The allowed networks; null when any peer is allowed.</summary>
    /// <exception cref="EslInvalidSettingException">The list is empty, or an entry is neither a network nor an address.</exception>
    internal IPNetwork[]? ParseAllowedPeers()
    {
        const string Form = "must be * or comma-separated networks (10.0.0.0/8) and addresses";
        var entries = (AllowedPeers ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (entries.Length == 0)
        {
            // Nothing allowed would refuse every call: surely not what was meant.
            throw new EslInvalidSettingException(nameof(AllowedPeers), $"{Form} (it is empty)");
        }

        if (entries.Contains("*"))
        {
            return null;
        }

        var networks = new IPNetwork[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            if (IPNetwork.TryParse(entries[i], out var network))
            {
                networks[i] = network;
            }
            else if (IPAddress.TryParse(entries[i], out var address))
            {
                networks[i] = new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            }
            else
            {
                // Shown when it looks like an address or a name (never arbitrary text from configuration).
                string entry = entries[i].Length <= 64 && entries[i].All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or ':' or '/' or '-' or '_')
                    ? $"{entries[i]}, "
                    : string.Empty;
                throw new EslInvalidSettingException(nameof(AllowedPeers), $"{Form} (entry {i + 1}, {entry}is neither)");
            }
        }

        return networks;
    }
}
