using System.Net.WebSockets;

namespace EslKit.AudioStream;

/// <summary>The application's answer to a stream's metadata (<see cref="AudioStreamHandler{TCall}.AcceptMetadataAsync"/>).</summary>
public readonly struct AudioStreamDecision
{
    private AudioStreamDecision(bool rejected, WebSocketCloseStatus status, string? reason)
    {
        IsRejected = rejected;
        CloseStatus = status;
        Reason = reason;
    }

    /// <summary>Go on: the handler runs.</summary>
    public static AudioStreamDecision Accept => default;

    /// <summary>Whether the metadata was rejected.</summary>
    public bool IsRejected { get; }

    /// <summary>The close code when rejected.</summary>
    public WebSocketCloseStatus CloseStatus { get; }

    /// <summary>The close reason when rejected.</summary>
    public string? Reason { get; }

    /// <summary>Closes the stream with <see cref="AudioStreamCloseStatus.MetadataRejected"/> (4003) and this reason.</summary>
    /// <param name="reason">At most 123 bytes of UTF-8; reaches FreeSWITCH's event, so keep secrets out.</param>
    public static AudioStreamDecision Reject(string reason = "metadata rejected") => Reject(AudioStreamCloseStatus.MetadataRejected, reason);

    /// <summary>Closes the stream with this code and reason.</summary>
    /// <param name="status">1000, 1008 or 4000–4999.</param>
    /// <param name="reason">At most 123 bytes of UTF-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one an application may send, or the reason is too long.</exception>
    public static AudioStreamDecision Reject(WebSocketCloseStatus status, string reason)
    {
        CloseArguments.Validate(status, reason);
        return new(true, status, reason);
    }
}
