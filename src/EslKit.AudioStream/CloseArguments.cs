using System.Net.WebSockets;
using System.Text;

namespace EslKit.AudioStream;

/// <summary>Checks a close code and reason an application chose.</summary>
internal static class CloseArguments
{
    /// <summary>The WebSocket protocol's limit on a close reason (a control frame carries 125 bytes, 2 are the code).</summary>
    public const int MaxReasonBytes = 123;

    public static void Validate(WebSocketCloseStatus status, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (!AudioStreamCloseStatus.IsAllowedForApplication(status))
        {
            throw new ArgumentOutOfRangeException(nameof(status), (int)status, "Close with 1000, 1008 or 4000-4999.");
        }

        if (Encoding.UTF8.GetByteCount(reason) > MaxReasonBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(reason), reason.Length, $"A close reason is at most {MaxReasonBytes} bytes of UTF-8.");
        }
    }
}
