namespace EslKit.Protocol;

/// <summary>
/// Walks the elements inside an xml event's <c>&lt;headers&gt;</c>: each <c>&lt;Name&gt;value&lt;/Name&gt;</c> or
/// <c>&lt;Name/&gt;</c> in order, name and raw (still escaped) value as spans. Throws the typed error on anything
/// that is not such an element, so walking once validates the event.
/// </summary>
internal ref struct EslXmlHeaderElements
{
    private readonly ReadOnlySpan<byte> _xml;
    private int _position;

    public EslXmlHeaderElements(ReadOnlySpan<byte> headersContent)
    {
        _xml = headersContent;
        _position = 0;
        Name = default;
        Value = default;
    }

    /// <summary>The current element's name (everything between '&lt;' and '&gt;').</summary>
    public ReadOnlySpan<byte> Name { get; private set; }

    /// <summary>The current element's text, XML-escaped and URL-encoded; empty for <c>&lt;Name/&gt;</c>.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }

    /// <exception cref="EslProtocolException">An element is malformed or not closed.</exception>
    public bool MoveNext()
    {
        var xml = _xml;
        int p = _position;
        int open = xml[p..].IndexOf((byte)'<');
        if (open < 0)
        {
            _position = xml.Length;
            return false;
        }

        p += open;
        int gt = xml[p..].IndexOf((byte)'>');
        if (gt < 2 || xml[p + 1] == (byte)'/')
        {
            throw EslEventHeaderList.Malformed("an xml event header is not an element");
        }

        if (xml[p + gt - 1] == (byte)'/')
        {
            Name = xml.Slice(p + 1, gt - 2); // <Name/>: an empty value
            Value = default;
            _position = p + gt + 1;
            return true;
        }

        Name = xml.Slice(p + 1, gt - 1);
        int start = p + gt + 1;
        int lt = xml[start..].IndexOf((byte)'<');
        if (lt < 0 || !xml[(start + lt)..].StartsWith("</"u8))
        {
            throw EslEventHeaderList.Malformed("an xml event header element is not closed");
        }

        Value = xml.Slice(start, lt);
        int closeEnd = xml[(start + lt)..].IndexOf((byte)'>');
        if (closeEnd < 0)
        {
            throw EslEventHeaderList.Malformed("an xml event header element is not closed");
        }

        _position = start + lt + closeEnd + 1;
        return true;
    }
}
