using System.Globalization;
using System.Text;

namespace EslKit.Testing.Internal;

/// <summary>The fixed texts and frame layouts of mod_event_socket and the core.</summary>
internal static class FsText
{
    public const string Goodbye = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
    public const string Shutdown = "The system is being shut down.\n";
    public const string LostEvents = "killed listener because of lost events\n";
    public const string LostLogLines = "killed listener because of lost log lines\n";
    public const string AccessDenied = "Access Denied, go away.\n";

    public static readonly byte[] AuthRequest = "Content-Type: auth/request\n\n"u8.ToArray();

    /// <summary>The reply buffer is 512 bytes: longer replies are cut at 511.</summary>
    private const int ReplyMax = 511;

    /// <summary>
    /// <c>listener_run</c>'s reply: <c>Reply-Text: &lt;reply&gt;</c>, or, when the reply starts with '~', the
    /// reply's own header lines after the Content-Type.
    /// </summary>
    public static byte[] CommandReply(string reply)
    {
        byte[] text = Truncate(Encoding.UTF8.GetBytes(reply), ReplyMax);
        var buffer = new ByteBuffer(text.Length + 48);
        buffer.Append("Content-Type: command/reply\n"u8);
        if (text.Length > 0 && text[0] == (byte)'~')
        {
            buffer.Append(text.AsSpan(1));
        }
        else
        {
            buffer.Append("Reply-Text: "u8);
            buffer.Append(text);
            buffer.Append("\n\n"u8);
        }

        return buffer.ToArray();
    }

    /// <summary><c>api_exec</c>'s api/response.</summary>
    public static byte[] ApiResponse(byte[] body)
    {
        var buffer = new ByteBuffer(body.Length + 64);
        buffer.Append("Content-Type: api/response\nContent-Length: "u8);
        buffer.AppendNumber(body.Length);
        buffer.Append("\n\n"u8);
        buffer.Append(body);
        return buffer.ToArray();
    }

    /// <summary><c>send_disconnect</c>: the plain form, or the session form once the listener controls a channel.</summary>
    public static byte[] DisconnectNotice(string message, string? sessionUuid)
    {
        byte[] body = Encoding.UTF8.GetBytes(message);
        var buffer = new ByteBuffer(body.Length + 160);
        buffer.Append("Content-Type: text/disconnect-notice\n"u8);
        if (sessionUuid is not null)
        {
            buffer.Append("Controlled-Session-UUID: "u8);
            buffer.AppendUtf8(sessionUuid);
            buffer.Append("\nContent-Disposition: disconnect\n"u8);
        }

        buffer.Append("Content-Length: "u8);
        buffer.AppendNumber(body.Length);
        buffer.Append("\n\n"u8);
        buffer.Append(body);
        return buffer.ToArray();
    }

    /// <summary>The notice sent once when the controlled channel hangs up while linger is on.</summary>
    public static byte[] LingerNotice(string sessionUuid, string channelName, int lingerSeconds) =>
        Encoding.UTF8.GetBytes(
            "Content-Type: text/disconnect-notice\nControlled-Session-UUID: " + sessionUuid +
            "\nContent-Disposition: linger\nChannel-Name: " + channelName +
            "\nLinger-Time: " + lingerSeconds.ToString(CultureInfo.InvariantCulture) + "\nContent-Length: 0\n\n");

    /// <summary>The ACL rejection, sent before auth/request.</summary>
    public static byte[] RudeRejection()
    {
        var buffer = new ByteBuffer(96);
        buffer.Append("Content-Type: text/rude-rejection\nContent-Length: "u8);
        buffer.AppendNumber(AccessDenied.Length);
        buffer.Append("\n\n"u8);
        buffer.AppendUtf8(AccessDenied);
        return buffer.ToArray();
    }

    /// <summary>A <c>log/data</c> frame; the header part is formatted into a 1024-byte buffer, as in read_packet.</summary>
    public static byte[] LogData(int level, int textChannel, string file, string function, int line, string? userData, string text)
    {
        byte[] data = Encoding.UTF8.GetBytes(FsEvent.CString(text));
        string head = string.Create(
            CultureInfo.InvariantCulture,
            $"Content-Type: log/data\nContent-Length: {data.Length}\nLog-Level: {level}\nText-Channel: {textChannel}\nLog-File: {file}\nLog-Func: {function}\nLog-Line: {line}\nUser-Data: {userData ?? string.Empty}\n\n");
        byte[] headBytes = Truncate(Encoding.UTF8.GetBytes(head), 1023);
        var buffer = new ByteBuffer(headBytes.Length + data.Length);
        buffer.Append(headBytes);
        buffer.Append(data);
        return buffer.ToArray();
    }

    /// <summary><c>%Y-%m-%d %T</c> in the switch's local time zone.</summary>
    public static string DateLocal(DateTimeOffset utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(utc, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary><c>switch_rfc822_date</c>.</summary>
    public static string DateGmt(DateTimeOffset utc) =>
        utc.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);

    /// <summary><c>switch_micro_time_now</c>: microseconds since the Unix epoch.</summary>
    public static long Microseconds(DateTimeOffset utc) => (utc.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The uptime sentence of <c>status</c> and HEARTBEAT's <c>Up-Time</c>.</summary>
    public static string Uptime(TimeSpan up)
    {
        long micro = Math.Max(0, up.Ticks / 10);
        long years = micro / (365L * 86400 * 1_000_000);
        micro -= years * 365L * 86400 * 1_000_000;
        long days = micro / (86400L * 1_000_000);
        micro -= days * 86400L * 1_000_000;
        long hours = micro / (3600L * 1_000_000);
        micro -= hours * 3600L * 1_000_000;
        long minutes = micro / (60L * 1_000_000);
        micro -= minutes * 60L * 1_000_000;
        long seconds = micro / 1_000_000;
        micro -= seconds * 1_000_000;
        long millis = micro / 1000;
        micro -= millis * 1000;
        return $"{Unit(years, "year")}, {Unit(days, "day")}, {Unit(hours, "hour")}, {Unit(minutes, "minute")}, {Unit(seconds, "second")}, {Unit(millis, "millisecond")}, {Unit(micro, "microsecond")}";

        static string Unit(long value, string name) => string.Create(CultureInfo.InvariantCulture, $"{value} {name}{(value == 1 ? string.Empty : "s")}");
    }

    private static byte[] Truncate(byte[] bytes, int max) => bytes.Length <= max ? bytes : bytes.AsSpan(0, max).ToArray();
}
