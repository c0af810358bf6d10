using System.Net;

namespace EslKit.Testing;

/// <summary>How an <see cref="EslSwitchEmulator"/> behaves. Defaults are FreeSWITCH's.</summary>
public sealed class EslEmulatorOptions
{
    private Dictionary<string, EslEmulatorAccount> _accounts = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string> _secretVariables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>auth</c> password (event_socket.conf <c>password</c>; FreeSWITCH's default is <c>ClueCon</c>).</summary>
    public string Password { get; set; } = "ClueCon";

    /// <summary>Users accepted by <c>userauth</c>, keyed by <c>user@domain</c> (domain compared ignoring case).</summary>
    public IDictionary<string, EslEmulatorAccount> Accounts => _accounts;

    /// <summary>The address to listen on (loopback; <see cref="IPAddress.IPv6Loopback"/> works too).</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The port to listen on; 0 picks a free one (see <see cref="EslSwitchEmulator.Port"/>).</summary>
    public int Port { get; set; }

    /// <summary>The <c>Core-UUID</c> header of every event (random by default).</summary>
    public string CoreUuid { get; set; } = Guid.NewGuid().ToString("D");

    /// <summary><c>FreeSWITCH-Hostname</c>.</summary>
    public string Hostname { get; set; } = "eslkit-emulator";

    /// <summary><c>FreeSWITCH-Switchname</c>; null uses <see cref="Hostname"/>, as FreeSWITCH does.</summary>
    public string? Switchname { get; set; }

    /// <summary><c>FreeSWITCH-IPv4</c>.</summary>
    public string IPv4 { get; set; } = "127.0.0.1";

    /// <summary><c>FreeSWITCH-IPv6</c>.</summary>
    public string IPv6 { get; set; } = "::1";

    /// <summary>The version reported by HEARTBEAT, <c>status</c> and <c>version</c> (the fixtures' switch).</summary>
    public string FreeSwitchVersion { get; set; } = "1.11.3-dev~64bit";

    /// <summary>How often HEARTBEAT fires (FreeSWITCH: 20 s); null, the default, never fires it on a timer.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>
    /// Peers for which this returns true get <c>text/rude-rejection</c>, then the goodbye notice, then a
    /// close, before <c>auth/request</c>, as FreeSWITCH's <c>apply-inbound-acl</c> does. Null accepts everyone.
    /// </summary>
    public Func<IPEndPoint, bool>? AclRejects { get; set; }

    /// <summary>How long the first packet may take (FreeSWITCH: 25 s); a later packet has no limit.</summary>
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>Events (and, separately, log lines) queued per connection before new ones are lost (FreeSWITCH: 100,000).</summary>
    public int MaxQueuedEvents { get; set; } = 100_000;

    /// <summary>Lost events (or log lines) in a row after which the connection is killed with a notice (FreeSWITCH: 500, killed at the 501st).</summary>
    public int MaxLostEvents { get; set; } = 500;

    /// <summary>The clock behind <c>Event-Date-*</c>, uptime and timestamps; pin it for byte-exact output.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Makes Job-UUIDs, sendevent Event-UUIDs and new channel uuids; pin it for byte-exact output. Null uses <see cref="Guid.NewGuid"/>.</summary>
    public Func<Guid>? UuidFactory { get; set; }

    /// <summary>The <c>Event-Sequence</c> of the first event created (then +1 per event, delivered or not).</summary>
    public long FirstEventSequence { get; set; } = 1;

    /// <summary>Fire an API event for every api/bgapi command, as <c>switch_api_execute</c> does (it also takes a sequence number).</summary>
    public bool FireApiEvents { get; set; } = true;

    /// <summary>The <c>max-sessions</c> reported by <c>status</c> and HEARTBEAT.</summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>The <c>sessions-per-second</c> reported by <c>status</c> and HEARTBEAT.</summary>
    public int SessionsPerSecond { get; set; } = 30;

    /// <summary>
    /// Variables whose values are masked (<c>***</c>) wherever the emulator shows what it received (timeout messages,
    /// <see cref="EslReceivedCommand.ToString"/>, the originate log), besides <c>sip_auth_password</c>, which always is:
    /// name the variables your code marks secret.
    /// </summary>
    public ICollection<string> SecretVariables => _secretVariables;

    /// <summary>How long a closing connection waits for the client to read what is left and close its side.</summary>
    public TimeSpan CloseLingerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    // The emulator keeps its own copy, so changing the options afterwards has no effect.
    internal EslEmulatorOptions Clone()
    {
        var copy = (EslEmulatorOptions)MemberwiseClone();
        copy._accounts = new Dictionary<string, EslEmulatorAccount>(_accounts, StringComparer.OrdinalIgnoreCase);
        copy._secretVariables = new HashSet<string>(_secretVariables, StringComparer.OrdinalIgnoreCase);
        return copy;
    }
}
