using Microsoft.Extensions.Logging;

namespace EslKit.Controller.Demo;

/// <summary>The demo's log messages (event ids 7xxx).</summary>
internal static partial class DemoLog
{
    [LoggerMessage(7001, LogLevel.Error, "The demo failed")]
    public static partial void Failed(ILogger logger, Exception exception);
}
