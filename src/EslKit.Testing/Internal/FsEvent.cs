using System.Text;

namespace EslKit.Testing.Internal;

/// <summary>One header of an <see cref="FsEvent"/>: <c>switch_event_header_t</c>.</summary>
internal sealed class FsHeader(string name, string value)
{
    public string Name { get; } = name;

    public string Value { get; set; } = value;

    /// <summary>The items when the header is an array (<c>idx &gt; 0</c>), even with a single item.</summary>
    public List<string>? Items { get; set; }

    public void Redraw() => Value = EslEmulatorHeader.JoinArray(Items!);
}

/// <summary>
/// An event as FreeSWITCH holds it (<c>switch_event_t</c>), with the header rules of
/// <c>switch_event_base_add_header</c>: an empty value deletes every header of that name, a value
/// starting with <c>ARRAY::</c> becomes an array, a push onto an existing name turns it into an array,
/// and events created with <c>EF_UNIQ_HEADERS</c> keep one header per name.
/// </summary>
internal sealed class FsEvent
{
    public List<FsHeader> Headers { get; } = [];

    public string? Body { get; set; }

    public string? Subclass { get; set; }

    public bool UniqueHeaders { get; set; }

    /// <summary><c>switch_event_dup</c>: the copy every listener is given (and what is serialised).</summary>
    public static FsEvent DeliveryCopy(EslEmulatorEvent source)
    {
        var copy = new FsEvent { Subclass = source.Subclass };
        if (source.Subclass is not null)
        {
            // switch_event_create_subclass(CLONE, subclass) adds Event-Subclass before anything else.
            copy.AddBottom("Event-Subclass", source.Subclass);
        }

        copy.UniqueHeaders = source.UniqueHeaders;
        foreach (var header in source.Headers)
        {
            // The original Event-Subclass is skipped (exact-case compare, as strcmp does).
            if (source.Subclass is not null && header.Name == "Event-Subclass")
            {
                continue;
            }

            if (header.Items is { } items)
            {
                foreach (string item in items)
                {
                    copy.Push(header.Name, item);
                }
            }
            else
            {
                copy.AddBottom(header.Name, header.Value);
            }
        }

        copy.Body = source.Body is null ? null : CString(source.Body);
        return copy;
    }

    /// <summary>The first header of that name, ignoring ASCII case (<c>switch_event_get_header</c>).</summary>
    public FsHeader? Find(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }

        return null;
    }

    public string? Get(string name) => Find(name)?.Value;

    public void DeleteAll(string name) => Headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary><c>switch_event_add_header_string(SWITCH_STACK_BOTTOM)</c>.</summary>
    public void AddBottom(string name, string value)
    {
        value = CString(value);
        if (name == "_body")
        {
            Body = value;
        }

        AddNew(name, value);
    }

    /// <summary><c>switch_event_add_header_string(SWITCH_STACK_PUSH)</c>.</summary>
    public void Push(string name, string value)
    {
        value = CString(value);
        var header = Find(name);
        if (header is null)
        {
            header = AddNew(name, value);
            if (header is null)
            {
                return;
            }

            header.Items = [];
        }
        else if (header.Items is null)
        {
            header.Items = [header.Value];
        }

        header.Items.Add(value);
        header.Redraw();
    }

    // What switch_event_base_add_header does with a header name not yet present: an empty value deletes it,
    // an ARRAY:: value becomes an array. Returns the plain header it added, if any.
    private FsHeader? AddNew(string name, string value)
    {
        if (value.Length == 0)
        {
            DeleteAll(name);
            return null;
        }

        if (UniqueHeaders)
        {
            DeleteAll(name);
        }

        if (value.StartsWith("ARRAY::", StringComparison.Ordinal))
        {
            AddArray(name, value);
            return null;
        }

        var header = new FsHeader(name, value);
        Headers.Add(header);
        return header;
    }

    /// <summary><c>switch_event_del_header</c> then <c>add_header(BOTTOM)</c>: how <c>switch_event_set_subclass_name</c> moves Event-Subclass.</summary>
    public void SetSubclass(string subclass)
    {
        Subclass = subclass;
        DeleteAll("Event-Subclass");
        AddBottom("Event-Subclass", subclass);
    }

    // switch_event_add_array: items separated by "|:" after the prefix; shorter than 8 bytes adds nothing.
    private void AddArray(string name, string value)
    {
        if (Encoding.UTF8.GetByteCount(value) < 8)
        {
            return;
        }

        foreach (string item in value[7..].Split("|:"))
        {
            Push(name, item);
        }
    }

    // Values are C strings in FreeSWITCH: nothing after a NUL survives.
    internal static string CString(string value)
    {
        int nul = value.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? value : value[..nul];
    }
}
