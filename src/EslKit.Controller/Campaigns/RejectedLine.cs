namespace EslKit.Controller.Campaigns;

/// <summary>An uploaded number that was refused: its line and why (the value itself is not repeated).</summary>
internal sealed record RejectedLine(int Line, string Reason);
