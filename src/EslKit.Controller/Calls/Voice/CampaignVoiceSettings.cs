namespace EslKit.Controller.Calls.Voice;

/// <summary>A campaign's choices for the voice pipeline (<c>campaigns.machine_action</c>, <c>machine_message</c>).</summary>
/// <param name="LeaveMessage">On an answering machine: true leaves <paramref name="MachineMessage"/>, false hangs up (the item is retried).</param>
/// <param name="MachineMessage">The campaign's message for machines, or null for the configured default.</param>
internal sealed record CampaignVoiceSettings(bool LeaveMessage, string? MachineMessage)
{
    /// <summary>Calls without a campaign: hang up on machines.</summary>
    public static CampaignVoiceSettings Default { get; } = new(false, null);
}
