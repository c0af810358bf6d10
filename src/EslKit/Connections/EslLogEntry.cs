using System.Text;
using EslKit.Protocol;

namespace EslKit;

/// <summary>One <c>log/data</c> frame: a FreeSWITCH log line (after <c>log &lt;level&gt;</c>).</summary>
/// <param name="Level">Syslog level: 0 console … 7 debug.</param>
/// <param name="TextChannel">FreeSWITCH's text channel number.</param>
/// <param name="File">Source file that logged.</param>
/// <param name="Function">Source function that logged.</param>
/// <param name="Line">Source line.</param>
/// <param name="UserData">The channel UUID for per-session lines, else empty.</param>
/// <param name="Text">The log text (may span lines, keeps its CR/LF as sent).</param>
public sealed record EslLogEntry(int Level, int TextChannel, string File, string Function, int Line, string UserData, string Text)
{
    internal static EslLogEntry From(in EslFrame frame)
    {
        var headers = frame.Headers;
        return new EslLogEntry(
            headers.TryGetInt64(EslHeaderNames.LogLevel, out long level) ? (int)level : -1,
            headers.TryGetInt64(EslHeaderNames.TextChannel, out long channel) ? (int)channel : -1,
            Text(headers, EslHeaderNames.LogFile),
            Text(headers, EslHeaderNames.LogFunc),
            headers.TryGetInt64(EslHeaderNames.LogLine, out long line) ? (int)line : -1,
            Text(headers, EslHeaderNames.UserData),
            Encoding.UTF8.GetString(frame.Body));

        static string Text(EslHeaders headers, ReadOnlySpan<byte> name) =>
            headers.TryGetValue(name, out var value) ? Encoding.UTF8.GetString(value) : string.Empty;
    }

    /// <summary>Level and source only: log text can carry anything, so it is left out of this rendering.</summary>
    public override string ToString() => $"log/data level {Level} {File}:{Line} {Function} ({Text.Length} chars)";
}
