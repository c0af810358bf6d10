using System.Collections.Concurrent;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Routing;

namespace EslKit.Controller.Nodes;

/// <summary>
/// One FreeSWITCH node at run time: its ESL client, what its last health check said, and the calls this instance
/// has on it. Health = ESL connected, the node's events requested (so its hangups are heard), its session
/// figures read (<c>status</c> / HEARTBEAT), and — for trial calls — the shared gateway <c>REGED</c>.
/// </summary>
internal sealed class FreeSwitchNode
{
    private readonly ConcurrentDictionary<(Guid CallId, int Attempt), byte> _calls = new();
    private volatile NodeHealth _health = NodeHealth.Unknown;
    private int _refusals;

    public FreeSwitchNode(NodeOptions options, EslClient client, RouteTarget target, string audioStreamBaseUrl)
    {
        Options = options;
        Client = client;
        Target = target;
        AudioStreamBaseUrl = audioStreamBaseUrl;
    }

    /// <summary>The node's name (call logs' <c>node</c>).</summary>
    public string Name => Options.Name;

    /// <summary>Its configuration.</summary>
    public NodeOptions Options { get; }

    /// <summary>Its inbound ESL client (connected and reconnected by EslKit.Hosting).</summary>
    public EslClient Client { get; }

    /// <summary>Its gateway name and the controller address it dials back.</summary>
    public RouteTarget Target { get; }

    /// <summary>The audio WebSocket's base URL as this node reaches it (the call id is appended).</summary>
    public string AudioStreamBaseUrl { get; }

    /// <summary>The last health check.</summary>
    public NodeHealth Health => _health;

    /// <summary>ESL connected right now.</summary>
    public bool IsConnected => Client.State == EslConnectionState.Connected;

    /// <summary>Connected, its events requested and its figures read: it may get calls.</summary>
    public bool IsReady => IsConnected && _health.EventsRequested && _health.Status is not null;

    /// <summary>Ready and its shared gateway registered: it may get trial calls.</summary>
    public bool GatewayUsable => IsReady && _health.Gateway.IsUsable;

    /// <summary>Calls this instance placed on the node that have not ended (originates in flight and calls up).</summary>
    public int ActiveCalls => _calls.Count;

    /// <summary>
    /// How many more calls the node takes: the smaller of the configured and the reported max-sessions, less the
    /// larger of the reported sessions and this instance's own calls there (the report may be a few seconds old).
    /// </summary>
    public int Headroom
    {
        get
        {
            var status = _health.Status;
            int max = Math.Min(Options.MaxSessions, status?.MaxSessions ?? int.MaxValue);
            int used = Math.Max(status?.Sessions ?? 0, ActiveCalls);
            return Math.Max(0, max - used);
        }
    }

    /// <summary>Records a new health snapshot.</summary>
    public void Update(NodeHealth health) => _health = health;

    /// <summary>The node answered GATEWAY_DOWN or INVALID_GATEWAY: no trial calls until a check finds the gateway registered again.</summary>
    public void MarkGatewayUnusable(string state) => _health = _health with { Gateway = new GatewayStatus(true, state, "DOWN") };

    /// <summary>An attempt was sent to the node; false when it was already tracked.</summary>
    public bool TrackCall(Guid callId, int attempt)
    {
        if (!_calls.TryAdd((callId, attempt), 0))
        {
            return false;
        }

        DispatchMetrics.ActiveCalls.Add(1, new KeyValuePair<string, object?>("node", Name));
        return true;
    }

    /// <summary>Whether the attempt is one of this instance's calls on the node.</summary>
    public bool HasCall(Guid callId, int attempt) => _calls.ContainsKey((callId, attempt));

    /// <summary>An attempt on the node ended (its originate failed or its channel hung up); false when it was not tracked.</summary>
    public bool CallEnded(Guid callId, int attempt)
    {
        if (!_calls.TryRemove((callId, attempt), out _))
        {
            return false;
        }

        DispatchMetrics.ActiveCalls.Add(-1, new KeyValuePair<string, object?>("node", Name));
        return true;
    }

    /// <summary>Counts a "not now" refusal and returns how long to leave the node alone: 1 s, doubling to 16 s.</summary>
    public TimeSpan Refused() => TimeSpan.FromSeconds(1 << Math.Min(4, Interlocked.Increment(ref _refusals) - 1));

    /// <summary>An originate went through: the refusal back-off starts again from 1 s.</summary>
    public void Accepted() => Volatile.Write(ref _refusals, 0);

    /// <inheritdoc/>
    public override string ToString() => $"node {Name} ({Options.Host}:{Options.Port})";
}
