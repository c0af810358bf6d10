using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Calls;

/// <summary>Log messages of the local result journal (event ids 52xx). Ids and counts only.</summary>
internal static partial class JournalLog
{
    [LoggerMessage(5201, LogLevel.Warning, "Database away: call {CallId} attempt {Attempt} journalled locally ({Depth} waiting)")]
    public static partial void Journalled(ILogger logger, Guid callId, int attempt, int depth);

    [LoggerMessage(5202, LogLevel.Error, "Local journal full ({MaxEntries} results): the end of call {CallId} attempt {Attempt} is dropped; reconciliation closes its call log")]
    public static partial void Dropped(ILogger logger, Guid callId, int attempt, int maxEntries);

    [LoggerMessage(5203, LogLevel.Information, "Database back: {Count} journalled result(s) replayed from {File}")]
    public static partial void Replayed(ILogger logger, int count, string file);

    [LoggerMessage(5204, LogLevel.Error, "Journalled result for call {CallId} attempt {Attempt} could not be written and is discarded")]
    public static partial void Discarded(ILogger logger, Guid callId, int attempt, Exception exception);
}
