namespace EslKit.Protocol;

/// <summary>
/// Where a plain event's header block ends, found only as far as a lookup needs: header lookups search the
/// whole event and then ask whether the hit lies before the first blank line. Shared by the in-place view and
/// the materialised event.
/// </summary>
internal static class EslPlainHeaderBlock
{
    /// <summary>
    /// True when the line starting at <paramref name="lineStart"/> lies before the blank line that ends the header block.
    /// </summary>
    /// <param name="source">The plain event.</param>
    /// <param name="lineStart">Where a header line found by name starts.</param>
    /// <param name="cleanUpTo">Known so far: no blank line starts before this (start with 0).</param>
    /// <param name="blockEnd">Known so far: where the first blank line starts (start with -1: not found yet).</param>
    /// <remarks>
    /// Both are facts about the bytes, only ever made more precise, so callers sharing them between threads may
    /// read and write them without ordering: a stale value is still true, only less useful.
    /// </remarks>
    public static bool Contains(ReadOnlySpan<byte> source, int lineStart, ref int cleanUpTo, ref int blockEnd)
    {
        int end = blockEnd;
        if (end >= 0)
        {
            return lineStart <= end;
        }

        // Checked first: the blank line at position 0 has no line feed before it, so the clean-prefix test
        // below cannot see it (a hit on line 1 of "\nName: …" would otherwise count as a header).
        int clean = cleanUpTo;
        if (clean == 0 && (source[0] == (byte)'\n' || source.StartsWith("\r\n"u8)))
        {
            blockEnd = 0; // the event starts with its blank line: no headers at all
            return false;
        }

        int lf = lineStart - 1; // the line feed ending the previous line; a header name never starts a blank line
        if (lf <= clean)
        {
            return true;
        }

        // Blank lines are "\n\n" unless a CR is about; both checks are the BCL's fastest searches.
        var range = source[clean..(lf + 1)];
        int blank = range.Contains((byte)'\r')
            ? EslByteSearch.IndexOfBlankLineFrom(source[..(lf + 1)], clean)
            : range.IndexOf("\n\n"u8) is int at and >= 0 ? clean + at : -1;
        if (blank >= 0)
        {
            blockEnd = blank;
            return false;
        }

        cleanUpTo = lf;
        return true;
    }
}
