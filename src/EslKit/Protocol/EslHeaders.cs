using System.Buffers.Text;

namespace EslKit.Protocol;

/// <summary>
/// A header block (<c>Name: value</c> lines separated by LF, CR tolerated) read in place: lookups and
/// enumeration hand out spans into the received bytes and never allocate. Names compare ASCII
/// case-insensitively, as FreeSWITCH's own lookups do; the first matching line wins.
/// </summary>
public readonly ref struct EslHeaders
{
    private readonly ReadOnlySpan<byte> _block;

    /// <summary>Wraps a header block (without the blank line that ends it).</summary>
    public EslHeaders(ReadOnlySpan<byte> block) => _block = block;

    /// <summary>The raw bytes of the block.</summary>
    public ReadOnlySpan<byte> Raw => _block;

    /// <summary>True when the block has no header lines.</summary>
    public bool IsEmpty => _block.IsEmpty;

    /// <summary>Finds a header's raw (not URL-decoded) value.</summary>
    public bool TryGetValue(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        int line = EslByteSearch.IndexOfHeaderLine(_block, name);
        if (line < 0)
        {
            value = default;
            return false;
        }

        value = ValueAt(_block, line + name.Length + 1);
        return true;
    }

    /// <summary>True when a header of that name is present.</summary>
    public bool Contains(ReadOnlySpan<byte> name) => EslByteSearch.IndexOfHeaderLine(_block, name) >= 0;

    /// <summary>Finds a header and URL-decodes its value into <paramref name="destination"/>.</summary>
    /// <returns>False when the header is absent or the destination is shorter than the raw value.</returns>
    public bool TryGetDecodedValue(ReadOnlySpan<byte> name, Span<byte> destination, out int written)
    {
        if (TryGetValue(name, out var raw) && destination.Length >= raw.Length)
        {
            written = EslUrlDecoder.Decode(raw, destination);
            return true;
        }

        written = 0;
        return false;
    }

    /// <summary>Parses a header holding a UUID (e.g. <c>Unique-ID</c>) straight from its UTF-8 bytes.</summary>
    public bool TryGetGuid(ReadOnlySpan<byte> name, out Guid value)
    {
        value = default;
        return TryGetValue(name, out var raw) && EslUuid.TryParse(raw, out value);
    }

    /// <summary>Parses a header holding a decimal integer.</summary>
    public bool TryGetInt64(ReadOnlySpan<byte> name, out long value)
    {
        value = 0;
        return TryGetValue(name, out var raw) && Utf8Parser.TryParse(raw, out value, out int consumed) && consumed == raw.Length;
    }

    /// <summary>Enumerates the header lines in order.</summary>
    public EslHeaderEnumerator GetEnumerator() => new(_block);

    // The value starts after "Name:" plus any spaces or tabs and runs to the end of the line (CR excluded).
    internal static ReadOnlySpan<byte> ValueAt(ReadOnlySpan<byte> block, int afterColon)
    {
        var rest = block[afterColon..];
        int lf = rest.IndexOf((byte)'\n');
        var value = lf < 0 ? rest : rest[..lf];
        int start = 0;
        while (start < value.Length && (value[start] == (byte)' ' || value[start] == (byte)'\t'))
        {
            start++;
        }

        value = value[start..];
        if (!value.IsEmpty && value[^1] == (byte)'\r')
        {
            value = value[..^1];
        }

        return value;
    }
}
