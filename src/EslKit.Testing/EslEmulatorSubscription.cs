using EslKit.Protocol;

namespace EslKit.Testing;

/// <summary>A snapshot of what a connection is subscribed to (<c>event</c>, <c>nixevent</c>, <c>noevents</c>, <c>myevents</c>).</summary>
public sealed class EslEmulatorSubscription
{
    internal EslEmulatorSubscription(bool enabled, EslEventFormat format, bool all, IReadOnlyList<string> eventNames, IReadOnlyList<string> subclasses, bool myEvents, Guid? myEventsUuid)
    {
        Enabled = enabled;
        Format = format;
        All = all;
        EventNames = eventNames;
        Subclasses = subclasses;
        MyEvents = myEvents;
        MyEventsUuid = myEventsUuid;
    }

    /// <summary>True once events are on (an <c>event</c>, <c>nixevent</c> or <c>myevents</c> succeeded) and until <c>noevents</c>.</summary>
    public bool Enabled { get; }

    /// <summary>The serialisation in use.</summary>
    public EslEventFormat Format { get; }

    /// <summary>True when subscribed to ALL.</summary>
    public bool All { get; }

    /// <summary>The event types subscribed to one by one, sorted (with <see cref="All"/>, every type is listed too).</summary>
    public IReadOnlyList<string> EventNames { get; }

    /// <summary>The CUSTOM subclasses subscribed to, sorted.</summary>
    public IReadOnlyList<string> Subclasses { get; }

    /// <summary>True after <c>myevents</c>: only events of the controlled channel pass.</summary>
    public bool MyEvents { get; }

    /// <summary>The channel <c>myevents</c> follows, or null.</summary>
    public Guid? MyEventsUuid { get; }

    /// <summary>True when an event of that type (and CUSTOM subclass) would be selected, before filters.</summary>
    public bool Includes(string eventName, string? subclass = null)
    {
        if (!Enabled)
        {
            return false;
        }

        if (All)
        {
            return true;
        }

        if (!EventNames.Contains(eventName, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        return !string.Equals(eventName, "CUSTOM", StringComparison.OrdinalIgnoreCase) || subclass is null || Subclasses.Contains(subclass, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() =>
        !Enabled ? "(no events)" : $"{Format.ToString().ToLowerInvariant()} {(All ? "ALL" : string.Join(' ', EventNames))}{(Subclasses.Count > 0 ? " CUSTOM " + string.Join(' ', Subclasses) : string.Empty)}";
}
