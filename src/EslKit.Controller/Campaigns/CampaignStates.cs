namespace EslKit.Controller.Campaigns;

/// <summary>The database spelling of <see cref="CampaignState"/> (lower case).</summary>
internal static class CampaignStates
{
    public static string ToText(this CampaignState state) => state.ToString().ToLowerInvariant();

    public static CampaignState Parse(string text) =>
        Enum.TryParse<CampaignState>(text, ignoreCase: true, out var state) && state.ToText() == text
            ? state
            : throw new InvalidOperationException($"Unknown campaign state '{text}' in the database.");
}
