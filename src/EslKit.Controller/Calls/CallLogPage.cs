namespace EslKit.Controller.Calls;

/// <summary>One page of a call-log search, newest first.</summary>
/// <param name="Items">The rows.</param>
/// <param name="Next">Where the next page starts, or null when this is the last.</param>
internal sealed record CallLogPage(IReadOnlyList<CallLog> Items, CallLogCursor? Next);
