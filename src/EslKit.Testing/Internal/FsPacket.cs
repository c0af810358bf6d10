namespace EslKit.Testing.Internal;

/// <summary>One command packet as mod_event_socket's <c>read_packet</c> hands it to <c>parse_command</c>.</summary>
internal sealed class FsPacket(string commandBuffer, List<KeyValuePair<string, string>> headers, byte[]? body, int rawLength)
{
    /// <summary>
    /// The <c>Command</c> header's value: the whole header block as a C string, as read_packet stores it.
    /// Handlers match command names against it by prefix and cut it with <see cref="StripCr"/>.
    /// </summary>
    public string CommandBuffer { get; } = commandBuffer;

    /// <summary>The header lines after the first, split at the first ':' (value with leading spaces skipped).</summary>
    public List<KeyValuePair<string, string>> Headers { get; } = headers;

    /// <summary>The bytes of the last Content-Length body read (each Content-Length header reads one), or null.</summary>
    public byte[]? Body { get; } = body;

    /// <summary>Bytes of the header block.</summary>
    public int RawLength { get; } = rawLength;

    /// <summary>The first header of that name, ignoring ASCII case, or null.</summary>
    public string? Get(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// mod_event_socket's <c>strip_cr</c>: cut at the first CR anywhere, else at the first LF. (So a packet
    /// whose first line ends in LF but a later line holds a CR is cut at that later CR.)
    /// </summary>
    public static string StripCr(string value)
    {
        int cr = value.IndexOf('\r', StringComparison.Ordinal);
        if (cr >= 0)
        {
            return value[..cr];
        }

        int lf = value.IndexOf('\n', StringComparison.Ordinal);
        return lf >= 0 ? value[..lf] : value;
    }
}
