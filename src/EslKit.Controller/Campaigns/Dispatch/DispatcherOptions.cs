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
}
