using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// An owned copy of one frame: content type, decoded headers in order, body, and the event when the
/// frame carries one. Header values are URL-decoded, as FreeSWITCH's own ESL client does (it matters
/// for the outbound connect reply, whose values are all encoded). <see cref="ToString"/> prints no
/// header values.
/// </summary>
public sealed class EslMessage
{
    private readonly KeyValuePair<string, string>[] _headers;

    private EslMessage(EslContentType contentType, string? rawContentType, KeyValuePair<string, string>[] headers, byte[] body, EslEvent? @event, long offset)
    {
        ContentType = contentType;
        RawContentType = rawContentType;
        _headers = headers;
        Body = body;
        Event = @event;
        Offset = offset;
    }

    /// <summary>The classified content type.</summary>
    public EslContentType ContentType { get; }

    /// <summary>The <c>Content-Type</c> as sent, or null when absent.</summary>
    public string? RawContentType { get; }

    /// <summary>The frame's own headers, URL-decoded, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>The body bytes.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The event the frame carries (plain, json or xml), or null.</summary>
    public EslEvent? Event { get; }

    /// <summary>Position of the frame's first byte in the stream.</summary>
    public long Offset { get; }

    /// <summary>The first header of that name (ASCII case-insensitive), decoded; null when absent.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in _headers)
            {
                if (EslNameComparer.Instance.Equals(key, name))
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>The decoded <c>Reply-Text</c> of a command reply, or null.</summary>
    public string? ReplyText => this["Reply-Text"];

    /// <summary>A summary for logs; never header values or the body.</summary>
    public override string ToString() =>
        $"{RawContentType ?? "(no Content-Type)"} ({_headers.Length} headers, body {Body.Length} bytes){(Event is null ? string.Empty : " " + Event)}";

    internal static EslMessage From(in EslFrame frame)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in frame.Headers)
        {
            headers.Add(new(EslNameCache.GetString(header.Name), EslUrlDecoder.DecodeToString(header.Value)));
        }

        EslEvent? @event = frame.TryGetEvent(out var view) ? view.ToEvent() : null;
        string? rawType = frame.RawContentType.IsEmpty && frame.ContentType == EslContentType.None ? null : Encoding.UTF8.GetString(frame.RawContentType);
        return new EslMessage(frame.ContentType, rawType, [.. headers], frame.Body.ToArray(), @event, frame.Offset);
    }
}
