using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// Which events a subscription receives: all of them, some event names, CUSTOM subclasses, and/or the
/// events of one channel (by <c>Unique-ID</c>). An event matches when its name is among the names (or there
/// are none, or they include <see cref="EslEventName.All"/>), when it is a CUSTOM event its subclass is among the subclasses (or there are none), and it is
/// about the channel (if one is given). Subclasses only narrow CUSTOM events: names and subclasses together
/// mean those events and the CUSTOM events of those subclasses (as <c>event plain NAME … CUSTOM subclass …</c>
/// asks FreeSWITCH for them); subclasses alone mean only those CUSTOM events.
/// </summary>
public sealed record EslEventSelector
{
    /// <summary>Every event the connection receives.</summary>
    public static EslEventSelector All { get; } = new();

    /// <summary>Event types to receive; empty means any.</summary>
    public IReadOnlyCollection<EslEventName> Names { get; init; } = [];

    /// <summary>CUSTOM subclasses to receive (e.g. <c>sofia::gateway_state</c>); empty means any.</summary>
    public IReadOnlyCollection<string> Subclasses { get; init; } = [];

    /// <summary>Only events whose <c>Unique-ID</c> is this channel; null means any.</summary>
    public Guid? ChannelId { get; init; }

    /// <summary>Events of the given types.</summary>
    public static EslEventSelector ForNames(params EslEventName[] names) => new() { Names = names };

    /// <summary>CUSTOM events of the given subclasses.</summary>
    public static EslEventSelector ForSubclasses(params string[] subclasses) => new() { Names = [EslEventName.Custom], Subclasses = subclasses };

    /// <summary>Every event about one channel.</summary>
    public static EslEventSelector ForChannel(Guid uniqueId) => new() { ChannelId = uniqueId };

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (Names.Count > 0)
        {
            parts.Add(string.Join(' ', Names.Select(EslEventNames.GetName)));
        }

        if (Subclasses.Count > 0)
        {
            parts.Add(string.Join(' ', Subclasses));
        }

        if (ChannelId is { } id)
        {
            parts.Add($"channel {id}");
        }

        return parts.Count == 0 ? "all events" : string.Join(", ", parts);
    }
}
