using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>Log messages of the lease rescuer and node reconciliation (event ids 42xx). Ids, nodes and causes only.</summary>
internal static partial class RescueLog
{
    [LoggerMessage(4201, LogLevel.Information, "Rescued call {CallId} attempt {Attempt}: never sent, waiting again (attempt not counted)")]
    public static partial void Released(ILogger logger, Guid callId, int attempt);

    [LoggerMessage(4202, LogLevel.Information, "Rescued call {CallId} attempt {Attempt}: settled ({Cause})")]
    public static partial void Settled(ILogger logger, Guid callId, int attempt, string cause);

    [LoggerMessage(4203, LogLevel.Information, "Rescued call {CallId} attempt {Attempt}: still up on node {Node} (channel {Channel}), adopted")]
    public static partial void Adopted(ILogger logger, Guid callId, int attempt, string node, Guid channel);

    [LoggerMessage(4204, LogLevel.Warning, "Rescued call {CallId} attempt {Attempt}: node {Node} is not connected; held until it is back and reconciled")]
    public static partial void NodeAway(ILogger logger, Guid callId, int attempt, string node);

    [LoggerMessage(4205, LogLevel.Information, "Node {Node} reconciled: {Up} call(s) still up, {Gone} ended while unheard")]
    public static partial void Reconciled(ILogger logger, string node, int up, int gone);

    [LoggerMessage(4206, LogLevel.Warning, "Node {Node}: reconciliation failed ({Reason})")]
    public static partial void ReconcileFailed(ILogger logger, string node, string reason);

    [LoggerMessage(4207, LogLevel.Error, "Lease rescue failed")]
    public static partial void RescueFailed(ILogger logger, Exception exception);

    [LoggerMessage(4208, LogLevel.Warning, "Node {Node} unreachable for {Seconds} s by every instance: {Count} call(s) it had closed as lost (NODE_UNREACHABLE, not re-dialled)")]
    public static partial void LostCallsClosed(ILogger logger, string node, long seconds, int count);
}
