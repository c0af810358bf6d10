using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// An event for the emulator to deliver: its type (<see cref="Name"/>, and <see cref="Subclass"/> for
/// CUSTOM), ordered headers (duplicates and array headers allowed) and an optional body. Build one with
/// <see cref="EslSwitchEmulator.CreateEvent"/> (which adds FreeSWITCH's standard headers in FreeSWITCH's
/// order) or from scratch, then <see cref="EslSwitchEmulator.PublishAsync"/> it.
/// </summary>
/// <remarks>
/// <para>
/// Delivery follows FreeSWITCH: each listener gets a copy made like <c>switch_event_dup</c>, so
/// <c>Event-Subclass</c> moves to the top, a header whose value is empty is dropped (together with
/// every earlier header of that name), and a value starting with <c>ARRAY::</c> becomes an array header.
/// <see cref="ToFrame"/> shows exactly what a listener receives.
/// </para>
/// <para>Not thread-safe: build it on one thread. Publishing takes a snapshot, so the instance may be reused.</para>
/// </remarks>
public sealed class EslEmulatorEvent
{
    private static readonly HashSet<string> UniqueHeaderEvents = new(StringComparer.Ordinal) { "REQUEST_PARAMS", "CHANNEL_DATA", "MESSAGE" };
    private readonly List<EslEmulatorHeader> _headers = [];

    // The delivery copy and its frames, kept until the event changes: republishing costs no serialisation.
    private EslSwitchEmulator.Delivery? _delivery;

    /// <summary>An event of type <paramref name="name"/> with no headers yet (not even <c>Event-Name</c>).</summary>
    /// <param name="name">The FreeSWITCH event type, e.g. <c>CHANNEL_ANSWER</c> or <c>CUSTOM</c>.</param>
    /// <param name="subclass">The CUSTOM subclass (e.g. <c>sofia::register</c>), or null.</param>
    public EslEmulatorEvent(string name, string? subclass = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Subclass = subclass;
        UniqueHeaders = UniqueHeaderEvents.Contains(name);
    }

    /// <summary>The event type used for subscription matching (<c>event plain CHANNEL_ANSWER</c>).</summary>
    public string Name { get; }

    /// <summary>The CUSTOM subclass used for subscription matching, or null.</summary>
    public string? Subclass { get; }

    /// <summary>The headers in order.</summary>
    public IReadOnlyList<EslEmulatorHeader> Headers => _headers;

    /// <summary>The body, or null for none. An empty body is sent in json (as <c>"_body":""</c>) but not in plain or xml.</summary>
    public string? Body { get; private set; }

    // Events FreeSWITCH creates with EF_UNIQ_HEADERS keep one header per name.
    internal bool UniqueHeaders { get; set; }

    /// <summary>
    /// Builds an event from headers as they appear on the wire (e.g. parsed from a capture): the type comes
    /// from <c>Event-Name</c> (CUSTOM when absent) and the subclass from <c>Event-Subclass</c>.
    /// </summary>
    public static EslEmulatorEvent FromHeaders(IEnumerable<KeyValuePair<string, string>> headers, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var list = headers.ToList();
        string? name = list.FirstOrDefault(h => string.Equals(h.Key, "Event-Name", StringComparison.OrdinalIgnoreCase)).Value;
        string? subclass = list.FirstOrDefault(h => string.Equals(h.Key, "Event-Subclass", StringComparison.OrdinalIgnoreCase)).Value;
        var ev = new EslEmulatorEvent(string.IsNullOrEmpty(name) ? "CUSTOM" : name, subclass);
        foreach (var (key, value) in list)
        {
            ev.AddHeader(key, value);
        }

        return ev.SetBody(body);
    }

    /// <summary>Appends a header (duplicates allowed).</summary>
    public EslEmulatorEvent AddHeader(string name, string value)
    {
        _headers.Add(EslEmulatorHeader.Create(name, value));
        _delivery = null;
        return this;
    }

    internal void AddUnchecked(EslEmulatorHeader header)
    {
        _headers.Add(header);
        _delivery = null;
    }

    /// <summary>Appends an array header (JSON array in json, <c>ARRAY::a|:b</c> in plain, repeated elements in xml).</summary>
    public EslEmulatorEvent AddArrayHeader(string name, params IEnumerable<string> items)
    {
        _headers.Add(EslEmulatorHeader.CreateArray(name, items));
        _delivery = null;
        return this;
    }

    /// <summary>Replaces the value of the first header of that name (ASCII case-insensitive), or appends it.</summary>
    public EslEmulatorEvent SetHeader(string name, string value)
    {
        int index = _headers.FindIndex(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return AddHeader(name, value);
        }

        _headers[index] = EslEmulatorHeader.Create(_headers[index].Name, value);
        _delivery = null;
        return this;
    }

    /// <summary>Removes every header of that name (ASCII case-insensitive); returns how many were removed.</summary>
    public int RemoveHeader(string name)
    {
        _delivery = null;
        return _headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The value of the first header of that name (ASCII case-insensitive), or null.</summary>
    public string? GetHeader(string name) => _headers.Find(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>Sets or clears (null) the body.</summary>
    public EslEmulatorEvent SetBody(string? body)
    {
        Body = body;
        _delivery = null;
        return this;
    }

    /// <summary>
    /// The exact bytes a listener subscribed in <paramref name="format"/> receives for this event: the outer
    /// <c>Content-Length</c>/<c>Content-Type</c> block and the serialised event.
    /// </summary>
    public byte[] ToFrame(EslEventFormat format = EslEventFormat.Plain) => (byte[])GetDelivery().Frame(format).Clone();

    /// <summary>The serialised event alone (the body of <see cref="ToFrame"/>).</summary>
    public byte[] Serialize(EslEventFormat format = EslEventFormat.Plain)
    {
        var output = new ByteBuffer(2048);
        FsSerializer.Serialize(GetDelivery().Copy, format, output);
        return output.ToArray();
    }

    internal EslSwitchEmulator.Delivery GetDelivery() =>
        _delivery ??= new EslSwitchEmulator.Delivery(FsEvent.DeliveryCopy(this), FsEventTypes.Lookup(Name), Subclass);

    /// <summary>A summary: type, subclass and header count; never header values.</summary>
    public override string ToString() =>
        $"{Name}{(Subclass is null ? string.Empty : " " + Subclass)} ({_headers.Count} headers{(Body is null ? string.Empty : ", body")})";
}
