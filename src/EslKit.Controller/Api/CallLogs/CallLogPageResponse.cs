namespace EslKit.Controller.Api.CallLogs;

/// <summary>A page of call logs, newest first.</summary>
/// <param name="Items">The rows.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> (with the same filters) for the next page; null on the last page.</param>
internal sealed record CallLogPageResponse(IReadOnlyList<CallLogResponse> Items, string? NextCursor);
