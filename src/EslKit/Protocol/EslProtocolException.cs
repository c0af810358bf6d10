namespace EslKit;

/// <summary>
/// Raised when FreeSWITCH (or whatever is on the other end of the socket) sends bytes that are not a
/// well-formed ESL frame, or that exceed the configured limits. The message says what was wrong and
/// at which stream offset; it never contains the frame itself, so no secret can leak through it.
/// </summary>
public sealed class EslProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="error">What was wrong.</param>
    /// <param name="offset">Byte offset in the stream where the problem was found, or -1 when unknown.</param>
    /// <param name="detail">A short description that must not contain received data.</param>
    public EslProtocolException(EslProtocolError error, long offset, string detail)
        : base(offset >= 0 ? $"ESL protocol error {error} at byte {offset}: {detail}" : $"ESL protocol error {error}: {detail}")
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>What was wrong.</summary>
    public EslProtocolError Error { get; }

    /// <summary>Byte offset in the stream (counted from the first byte received) where the problem was found; -1 when unknown.</summary>
    public long Offset { get; }
}
