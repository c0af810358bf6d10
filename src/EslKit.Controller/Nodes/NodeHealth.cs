namespace EslKit.Controller.Nodes;

/// <summary>A node's last health check.</summary>
/// <param name="EventsRequested">Its CHANNEL_HANGUP_COMPLETE and HEARTBEAT events are requested on the current connection.</param>
/// <param name="Gateway">The shared gateway's status.</param>
/// <param name="Status">The node's session figures, or null before the first read.</param>
/// <param name="CheckedAt">When it was checked, or null.</param>
internal sealed record NodeHealth(bool EventsRequested, GatewayStatus Gateway, SwitchStatus? Status, DateTimeOffset? CheckedAt)
{
    /// <summary>Before any check.</summary>
    public static NodeHealth Unknown { get; } = new(false, GatewayStatus.Missing, null, null);
}
