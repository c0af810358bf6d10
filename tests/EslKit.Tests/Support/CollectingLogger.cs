using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EslKit.Tests.Support;

/// <summary>Keeps every log line (level, event id, formatted text, exception text) for assertions.</summary>
public sealed class CollectingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, int EventId, string Text)> Lines { get; } = new();

    public string All => string.Join("\n", Lines.Select(l => l.Text));

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((logLevel, eventId.Id, formatter(state, exception) + (exception is null ? string.Empty : " | " + exception)));
}
