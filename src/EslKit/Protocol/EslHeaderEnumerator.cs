namespace EslKit.Protocol;

/// <summary>Enumerates the lines of an <see cref="EslHeaders"/> block without allocating.</summary>
public ref struct EslHeaderEnumerator
{
    private ReadOnlySpan<byte> _remaining;
    private EslHeader _current;

    internal EslHeaderEnumerator(ReadOnlySpan<byte> block)
    {
        _remaining = block;
        _current = default;
    }

    /// <summary>The current header.</summary>
    public readonly EslHeader Current => _current;

    /// <summary>Moves to the next header line. Empty lines and lines without ':' are skipped.</summary>
    public bool MoveNext()
    {
        while (!_remaining.IsEmpty)
        {
            int lf = _remaining.IndexOf((byte)'\n');
            var line = lf < 0 ? _remaining : _remaining[..lf];
            _remaining = lf < 0 ? default : _remaining[(lf + 1)..];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            _current = new EslHeader(line[..colon], EslHeaders.ValueAt(line, colon + 1));
            return true;
        }

        return false;
    }
}
