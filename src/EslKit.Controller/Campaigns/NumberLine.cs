namespace EslKit.Controller.Campaigns;

/// <summary>One number as uploaded: its line (CSV line, or 1-based position in a JSON list) and its text.</summary>
internal readonly record struct NumberLine(int Line, string Text);
