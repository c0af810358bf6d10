using System.Globalization;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>This instance's dispatcher settings (configuration section <c>Dispatcher</c>).</summary>
internal sealed class DispatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Dispatcher";

    /// <summary>This instance's id, recorded on every item it claims; unique per process by default.</summary>
    public string InstanceId { get; set; } =
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");

    /// <summary>How long a claim holds an item before another instance may rescue it, unless renewed by the heartbeat.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How many items one claim takes at most (per tenant).</summary>
    public int ClaimBatchSize { get; set; } = 50;

    /// <summary>How many tenants one claim round visits at most.</summary>
    public int TenantsPerRound { get; set; } = 100;

    /// <summary>Whether this instance runs the dispatcher loop (false: an instance that only serves the API and hears hangups).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Most originates this instance has sent and not yet heard back from (BACKGROUND_JOB), over all nodes.</summary>
    public int MaxInFlight { get; set; } = 1000;

    /// <summary>The longest the dispatcher sleeps when there is nothing to do before it looks again (work from other instances, the API).</summary>
    public int IdlePollMilliseconds { get; set; } = 1000;

    /// <summary>How often each node's gateway and sessions are checked (<c>sofia status gateway</c>, <c>status</c>).</summary>
    public int HealthCheckSeconds { get; set; } = 5;

    /// <summary>Added to the one-second pacing window, to absorb the jitter between sending an originate and FreeSWITCH counting it.</summary>
    public int PacingMarginMilliseconds { get; set; } = 50;

    /// <summary>How often every ready node's channels (<c>show channels</c>) are compared with the calls the database thinks are up on it (also at once when a node comes back).</summary>
    public int ReconcileSeconds { get; set; } = 60;

    /// <summary>How old a claim must be before reconciliation may end its call as gone from the node (an originate in flight has no channel yet).</summary>
    public int ReconcileGraceSeconds { get; set; } = 15;

    /// <summary>
    /// How long a node must have been unreachable — for this instance, and for every instance (none recorded a contact
    /// with it in <c>node_contacts</c> for as long) — before the calls the database thinks are up on it are closed as
    /// lost: <c>NODE_UNREACHABLE</c>, never re-dialled (they may have been answered), their slots released. 0: never
    /// (they wait for the node to come back and be reconciled).
    /// </summary>
    public int LostCallGraceSeconds { get; set; } = 300;

    /// <summary>How long a stopping instance waits for the originates it sent (BACKGROUND_JOB) before it leaves them to their leases.</summary>
    public int ShutdownGraceSeconds { get; set; } = 40;
}
