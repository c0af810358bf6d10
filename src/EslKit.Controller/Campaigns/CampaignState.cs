namespace EslKit.Controller.Campaigns;

/// <summary>A campaign's state: draft → running ⇄ paused → completed, or cancelled.</summary>
internal enum CampaignState
{
    /// <summary>Created; numbers can be imported; nothing is dialled.</summary>
    Draft,

    /// <summary>Its due items are dialled.</summary>
    Running,

    /// <summary>Nothing new is dialled; calls in progress finish.</summary>
    Paused,

    /// <summary>Waiting items were cancelled; calls in progress finish.</summary>
    Cancelled,

    /// <summary>Every item reached a final state.</summary>
    Completed,
}
