namespace EslKit.Controller.WebConsole;

/// <summary>The console's log messages (event ids 12001–12099). Session ids are random and open nothing by themselves; keys never appear.</summary>
internal static partial class ConsoleLog
{
    [LoggerMessage(12001, LogLevel.Warning, "Console sign-outs from other instances are not heard (retrying in {DelaySeconds} s): {Reason}")]
    public static partial void SignOutListenerFailed(ILogger logger, int delaySeconds, string reason);

    [LoggerMessage(12002, LogLevel.Warning, "A console sign-out could not be told to the other instances (their feeds of it end when the session expires): {Reason}")]
    public static partial void SignOutNotSent(ILogger logger, string reason);

    [LoggerMessage(12003, LogLevel.Information, "Listening for console sign-outs from other instances")]
    public static partial void SignOutListening(ILogger logger);
}
