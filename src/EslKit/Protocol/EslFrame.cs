using System.Buffers.Text;

namespace EslKit.Protocol;

/// <summary>
/// One frame as received, read in place: header block and body are spans into the received bytes
/// (or into the reader's scratch buffer when the frame straddled buffer segments). Valid until the
/// next call to <see cref="EslFrameReader.TryReadFrame"/> or until the pipe is advanced.
/// </summary>
public readonly ref struct EslFrame
{
    internal EslFrame(EslContentType contentType, ReadOnlySpan<byte> rawContentType, ReadOnlySpan<byte> headerBlock, ReadOnlySpan<byte> body, long offset)
    {
        ContentType = contentType;
        RawContentType = rawContentType;
        HeaderBlock = headerBlock;
        Body = body;
        Offset = offset;
    }

    /// <summary>The classified content type.</summary>
    public EslContentType ContentType { get; }

    /// <summary>The <c>Content-Type</c> value as sent (empty when absent); kept for unknown types.</summary>
    public ReadOnlySpan<byte> RawContentType { get; }

    /// <summary>The header lines, without the blank line that ends them.</summary>
    public ReadOnlySpan<byte> HeaderBlock { get; }

    /// <summary>The headers, for zero-allocation lookups.</summary>
    public EslHeaders Headers => new(HeaderBlock);

    /// <summary>The body: exactly <c>Content-Length</c> bytes (empty without one).</summary>
    public ReadOnlySpan<byte> Body { get; }

    /// <summary>Position of the frame's first byte in the stream.</summary>
    public long Offset { get; }

    /// <summary>
    /// True for the outbound <c>connect</c> reply: a <c>command/reply</c> whose own headers are the
    /// channel data (URL-encoded, as an event would be).
    /// </summary>
    public bool IsChannelData => ContentType == EslContentType.CommandReply && Headers.Contains(EslHeaderNames.EventName);

    /// <summary>The raw <c>Reply-Text</c> (URL-encoded in the outbound connect reply).</summary>
    public ReadOnlySpan<byte> ReplyText => Headers.TryGetValue(EslHeaderNames.ReplyText, out var value) ? value : default;

    /// <summary>Classifies <c>Reply-Text</c>: <c>+OK</c>, <c>-ERR</c>/<c>-USAGE</c>, other, or none.</summary>
    public EslReplyStatus ReplyStatus
    {
        get
        {
            if (!Headers.TryGetValue(EslHeaderNames.ReplyText, out var text))
            {
                return EslReplyStatus.None;
            }

            // The outbound connect reply URL-encodes it: "%2BOK%0A".
            if (text.StartsWith("+OK"u8) || text.StartsWith("%2BOK"u8))
            {
                return EslReplyStatus.Ok;
            }

            return text.StartsWith("-ERR"u8) || text.StartsWith("-USAGE"u8) ? EslReplyStatus.Error : EslReplyStatus.Other;
        }
    }

    /// <summary>Reads the <c>Job-UUID</c> header of a bgapi reply.</summary>
    public bool TryGetJobUuid(out Guid jobUuid) => Headers.TryGetGuid(EslHeaderNames.JobUuid, out jobUuid);

    /// <summary>The disposition of a <c>text/disconnect-notice</c>.</summary>
    public EslDisconnectDisposition DisconnectDisposition
    {
        get
        {
            if (!Headers.TryGetValue(EslHeaderNames.ContentDisposition, out var value))
            {
                return EslDisconnectDisposition.None;
            }

            if (System.Text.Ascii.EqualsIgnoreCase(value, "linger"u8))
            {
                return EslDisconnectDisposition.Linger;
            }

            return System.Text.Ascii.EqualsIgnoreCase(value, "disconnect"u8) ? EslDisconnectDisposition.Disconnect : EslDisconnectDisposition.Other;
        }
    }

    /// <summary>The <c>Linger-Time</c> of a linger notice in seconds (-1: until the channel is gone), or null.</summary>
    public int? LingerTime =>
        Headers.TryGetValue(EslHeaderNames.LingerTime, out var raw) && Utf8Parser.TryParse(raw, out int value, out int used) && used == raw.Length ? value : null;

    /// <summary>True for <c>text/event-plain</c>, <c>text/event-json</c> and <c>text/event-xml</c>.</summary>
    public bool IsEvent => ContentType is EslContentType.EventPlain or EslContentType.EventJson or EslContentType.EventXml;

    /// <summary>Reads the event this frame carries, in place.</summary>
    /// <returns>False when the frame is not an event.</returns>
    /// <exception cref="EslProtocolException">The event body is malformed.</exception>
    public bool TryGetEvent(out EslEventView view)
    {
        switch (ContentType)
        {
            case EslContentType.EventPlain:
                view = EslEventView.FromPlain(Body);
                return true;
            case EslContentType.EventJson:
                view = EslEventView.FromJson(Body);
                return true;
            case EslContentType.EventXml:
                view = EslEventView.FromXml(Body);
                return true;
            default:
                view = default;
                return false;
        }
    }

    /// <summary>Copies the frame into an owned <see cref="EslMessage"/>; the allocating path.</summary>
    public EslMessage ToMessage() => EslMessage.From(this);
}
