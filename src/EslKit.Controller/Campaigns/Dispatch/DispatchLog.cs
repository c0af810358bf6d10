using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Campaigns.Dispatch;

/// <summary>The dispatcher loop's log messages (event ids 41xx). Ids, nodes, causes and counts — never an originate's arguments.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(4101, LogLevel.Debug, "Call {CallId} attempt {Attempt} sent to node {Node}: {Route}")]
    public static partial void Sent(ILogger logger, Guid callId, int attempt, string node, string route);

    [LoggerMessage(4102, LogLevel.Debug, "Call {CallId} attempt {Attempt} on node {Node}: {Result}")]
    public static partial void JobResult(ILogger logger, Guid callId, int attempt, string node, string result);

    [LoggerMessage(4103, LogLevel.Warning, "Node {Node} refused a call ({Cause}): no calls to it for {BackoffMs} ms; the attempt is not counted")]
    public static partial void NodeRefused(ILogger logger, string node, string cause, long backoffMs);

    [LoggerMessage(4104, LogLevel.Warning, "Node {Node} answered {Cause}: no trial calls to it until its shared gateway is registered again")]
    public static partial void GatewayRefused(ILogger logger, string node, string cause);

    [LoggerMessage(4105, LogLevel.Warning, "Call {CallId} attempt {Attempt} on node {Node}: no answer to the originate ({Reason}); the item keeps its lease until its outcome is known")]
    public static partial void OutcomeUnknown(ILogger logger, Guid callId, int attempt, string node, string reason);

    [LoggerMessage(4106, LogLevel.Error, "Call {CallId} attempt {Attempt}: recording the originate's result failed")]
    public static partial void RecordFailed(ILogger logger, Guid callId, int attempt, Exception exception);

    [LoggerMessage(4107, LogLevel.Error, "Dispatch round failed; trying again in {DelayMs} ms")]
    public static partial void RoundFailed(ILogger logger, long delayMs, Exception exception);

    [LoggerMessage(4108, LogLevel.Information, "Dispatcher stopping: waiting for {InFlight} originate(s) in flight")]
    public static partial void Draining(ILogger logger, int inFlight);

    [LoggerMessage(4109, LogLevel.Warning, "Dispatcher stopped with {InFlight} originate(s) unanswered: their items keep their leases")]
    public static partial void DrainTimedOut(ILogger logger, int inFlight);

    [LoggerMessage(4110, LogLevel.Information, "Dispatcher started (instance {InstanceId}, {Nodes} node(s), at most {MaxInFlight} originates in flight)")]
    public static partial void Started(ILogger logger, string instanceId, int nodes, int maxInFlight);

    [LoggerMessage(4111, LogLevel.Warning, "Node {Node}: settling {Permits} pacing permit(s) failed; they count until they lapse")]
    public static partial void SettleFailed(ILogger logger, string node, int permits, Exception exception);
}
