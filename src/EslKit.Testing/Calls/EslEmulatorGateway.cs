using System.Globalization;

namespace EslKit.Testing;

/// <summary>
/// A registered SIP gateway of the emulated switch (mod_sofia's <c>&lt;gateway&gt;</c>): calls to
/// <c>sofia/gateway/&lt;name&gt;/&lt;number&gt;</c> go through it while it is up, and <c>sofia status gateway</c> reports it.
/// The defaults are the lab's gateway <c>trunk</c> (fixtures freeswitch-calls/INDEX.md).
/// </summary>
public sealed class EslEmulatorGateway
{
    private readonly object _lock = new();
    private string _state = "REGED";
    private bool _up = true;
    private long _upSince;

    /// <summary>A gateway named <paramref name="name"/> (letters, digits, <c>_ . -</c>).</summary>
    public EslEmulatorGateway(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
        {
            throw new ArgumentException("A gateway name is letters, digits, '_', '.', '-'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The gateway's name.</summary>
    public string Name { get; }

    /// <summary>The SIP profile it belongs to.</summary>
    public string Profile { get; init; } = "external";

    /// <summary>The digest realm (and the registrar's host).</summary>
    public string Realm { get; init; } = "127.0.0.1";

    /// <summary>The username it registers with (also the far end's <c>sofia/carrier/&lt;username&gt;@…</c> in lab mode).</summary>
    public string Username { get; init; } = "646006395";

    /// <summary>The registrar/proxy, host:port.</summary>
    public string Proxy { get; init; } = "127.0.0.1:5090";

    /// <summary>The profile's own SIP address, host:port (in the gateway's contact).</summary>
    public string ProfileAddress { get; init; } = "127.0.0.1:5080";

    /// <summary>The dialplan context of calls coming in through it.</summary>
    public string Context { get; init; } = "public";

    /// <summary>The registration expiry, seconds.</summary>
    public int Expires { get; init; } = 600;

    /// <summary>Registration state: <c>REGED</c>, or <c>DOWN</c>, <c>TRYING</c>, <c>REGISTER</c>, <c>FAILED</c> …</summary>
    public string State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>True while calls can go through it (<c>Status UP</c>); calls through a gateway that is down fail <c>GATEWAY_DOWN</c>.</summary>
    public bool IsUp
    {
        get
        {
            lock (_lock)
            {
                return _up;
            }
        }
    }

    /// <summary>Calls placed through it (<c>CallsOUT</c>).</summary>
    public int CallsOut => Volatile.Read(ref _callsOut);

    /// <summary>Calls through it that failed (<c>FailedCallsOUT</c>).</summary>
    public int FailedCallsOut => Volatile.Read(ref _failedCallsOut);

    internal int _callsOut;
    internal int _failedCallsOut;

    internal void Set(string state, bool up, long nowMicroseconds)
    {
        lock (_lock)
        {
            if (up && !_up)
            {
                _upSince = nowMicroseconds;
            }

            _state = state;
            _up = up;
        }
    }

    internal void Reset(long nowMicroseconds)
    {
        lock (_lock)
        {
            _upSince = nowMicroseconds;
        }

        Interlocked.Exchange(ref _callsOut, 0);
        Interlocked.Exchange(ref _failedCallsOut, 0);
    }

    internal long UptimeMicroseconds(long nowMicroseconds)
    {
        lock (_lock)
        {
            return _up ? Math.Max(0, nowMicroseconds - _upSince) : 0;
        }
    }

    internal string ProxyHost => Proxy.Split(':')[0];

    internal string ProxyPort => Proxy.Contains(':', StringComparison.Ordinal) ? Proxy[(Proxy.IndexOf(':', StringComparison.Ordinal) + 1)..] : "5060";

    /// <summary>mod_sofia's <c>sofia status gateway &lt;name&gt;</c> text.</summary>
    internal string StatusText(long nowMicroseconds)
    {
        string line = new('=', 97);
        var text = new System.Text.StringBuilder();
        text.Append(line).Append('\n');
        void Row(string name, string value) => text.Append(name).Append('\t').Append(value).Append('\n');
        Row("Name    ", Name);
        Row("Profile ", Profile);
        Row("Scheme  ", "Digest");
        Row("Realm   ", Realm);
        Row("Username", Username);
        Row("Password", "yes");
        Row("From    ", $"<sip:{Username}@{Proxy}>");
        Row("Contact ", $"<sip:gw+{Name}@{ProfileAddress};transport=udp;gw={Name}>");
        Row("Exten   ", Username);
        Row("To      ", $"sip:{Username}@{Proxy}");
        Row("Proxy   ", $"sip:{Proxy}");
        Row("Context ", Context);
        Row("Expires ", Expires.ToString(CultureInfo.InvariantCulture));
        Row("Freq    ", Expires.ToString(CultureInfo.InvariantCulture));
        Row("Ping    ", "0");
        Row("PingFreq", "0");
        Row("PingTime", "0.00");
        Row("PingState", "0/0/0");
        Row("State   ", State);
        Row("Status  ", IsUp ? "UP" : "DOWN");
        Row("Uptime  ", (UptimeMicroseconds(nowMicroseconds) / 1_000_000).ToString(CultureInfo.InvariantCulture) + "s");
        Row("CallsIN ", "0");
        Row("CallsOUT", CallsOut.ToString(CultureInfo.InvariantCulture));
        Row("FailedCallsIN", "0");
        Row("FailedCallsOUT", FailedCallsOut.ToString(CultureInfo.InvariantCulture));
        text.Append(line).Append('\n');
        return text.ToString();
    }

    /// <summary>mod_sofia's <c>sofia xmlstatus gateway &lt;name&gt;</c> text.</summary>
    internal string XmlStatusText(long nowMicroseconds)
    {
        var text = new System.Text.StringBuilder();
        text.Append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n  <gateway>\n");
        void Element(string name, string value) => text.Append("    <").Append(name).Append('>').Append(Xml(value)).Append("</").Append(name).Append(">\n");
        Element("name", Name);
        Element("profile", Profile);
        Element("scheme", "Digest");
        Element("realm", Realm);
        Element("username", Username);
        Element("password", "yes");
        Element("from", $"<sip:{Username}@{Proxy}>");
        Element("contact", $"<sip:gw+{Name}@{ProfileAddress};transport=udp;gw={Name}>");
        Element("exten", Username);
        Element("to", $"sip:{Username}@{Proxy}");
        Element("proxy", $"sip:{Proxy}");
        Element("context", Context);
        Element("expires", Expires.ToString(CultureInfo.InvariantCulture));
        Element("freq", Expires.ToString(CultureInfo.InvariantCulture));
        foreach (string zero in new[] { "ping", "pingfreq", "pingmin", "pingcount", "pingmax" })
        {
            Element(zero, "0");
        }

        Element("pingtime", "0.00");
        Element("pinging", "0");
        Element("state", State);
        Element("status", IsUp ? "UP" : "DOWN");
        Element("uptime-usec", UptimeMicroseconds(nowMicroseconds).ToString(CultureInfo.InvariantCulture));
        Element("calls-in", "0");
        Element("calls-out", CallsOut.ToString(CultureInfo.InvariantCulture));
        Element("failed-calls-in", "0");
        Element("failed-calls-out", FailedCallsOut.ToString(CultureInfo.InvariantCulture));
        text.Append("  </gateway>\n");
        return text.ToString();

        static string Xml(string value) => value.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() => $"gateway {Name} {State} {(IsUp ? "UP" : "DOWN")}";
}
