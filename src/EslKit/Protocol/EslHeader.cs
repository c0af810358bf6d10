namespace EslKit.Protocol;

/// <summary>One <c>Name: value</c> line of a header block, as spans into the received bytes.</summary>
public readonly ref struct EslHeader
{
    internal EslHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The header name as sent.</summary>
    public ReadOnlySpan<byte> Name { get; }

    /// <summary>The value as sent (after the ':' and any spaces; no trailing CR), not URL-decoded.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>True when the name equals <paramref name="name"/>, ignoring ASCII case (other bytes must match exactly).</summary>
    public bool NameEquals(ReadOnlySpan<byte> name) => EslByteSearch.NameEquals(Name, name);

    /// <summary>URL-decodes the value into <paramref name="destination"/> (at least <c>Value.Length</c> long).</summary>
    /// <returns>The number of bytes written.</returns>
    public int DecodeValue(Span<byte> destination) => EslUrlDecoder.Decode(Value, destination);
}
