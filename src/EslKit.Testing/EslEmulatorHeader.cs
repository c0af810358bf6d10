namespace EslKit.Testing;

/// <summary>
/// One header of an <see cref="EslEmulatorEvent"/>: a name and a value, or an array header (FreeSWITCH's
/// <c>hp-&gt;idx</c> headers, e.g. <c>variable_DP_MATCH</c>) with its items.
/// </summary>
/// <remarks>
/// An array header is written as <c>ARRAY::a|:b</c> in plain (URL-encoded), as a JSON array in json and
/// as one element per item in xml. A one-item array has no <c>ARRAY::</c> prefix in plain, exactly as in
/// FreeSWITCH.
/// </remarks>
public sealed class EslEmulatorHeader
{
    private EslEmulatorHeader(string name, string value, IReadOnlyList<string>? items)
    {
        Name = name;
        Value = value;
        Items = items;
    }

    /// <summary>The header name, as written on the wire.</summary>
    public string Name { get; }

    /// <summary>The value; for an array header FreeSWITCH's string form (<c>ARRAY::a|:b</c>, or the only item).</summary>
    public string Value { get; }

    /// <summary>The items of an array header, or null for a plain header.</summary>
    public IReadOnlyList<string>? Items { get; }

    /// <summary>True for an array header.</summary>
    public bool IsArray => Items is not null;

    /// <summary>A plain header.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains CR, LF, NUL or ':'.</exception>
    public static EslEmulatorHeader Create(string name, string value)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(value);
        return new EslEmulatorHeader(name, value, null);
    }

    /// <summary>An array header with at least one item.</summary>
    /// <exception cref="ArgumentException">The name is invalid or there are no items.</exception>
    public static EslEmulatorHeader CreateArray(string name, IEnumerable<string> items)
    {
        ValidateName(name);
        ArgumentNullException.ThrowIfNull(items);
        string[] list = [.. items];
        if (list.Length == 0)
        {
            throw new ArgumentException("An array header needs at least one item.", nameof(items));
        }

        foreach (string item in list)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new EslEmulatorHeader(name, JoinArray(list), list);
    }

    // Headers taken from a client's packet: FreeSWITCH accepts any name there (even an empty one).
    internal static EslEmulatorHeader CreateUnchecked(string name, string value, IReadOnlyList<string>? items) => new(name, value, items);

    /// <inheritdoc />
    public override string ToString() => IsArray ? $"{Name}: [{Items!.Count} items]" : $"{Name}: {Value}";

    // FreeSWITCH's "redraw" of an array header's value (switch_event_base_add_header).
    internal static string JoinArray(IReadOnlyList<string> items) =>
        items.Count > 1 ? "ARRAY::" + string.Join("|:", items) : items[0];

    internal static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.AsSpan().IndexOfAny("\r\n\0:") >= 0)
        {
            throw new ArgumentException("A header name cannot contain CR, LF, NUL or ':'.", nameof(name));
        }
    }
}
