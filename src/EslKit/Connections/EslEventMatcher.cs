using System.Text;
using EslKit.Protocol;

namespace EslKit.Connections;

/// <summary>
/// An <see cref="EslEventSelector"/> copied when a subscription is made: the read loop walks these arrays
/// without allocating, and later changes to the collections the caller passed in cannot reach it.
/// </summary>
internal sealed class EslEventMatcher
{
    private readonly EslEventName[] _names;
    private readonly string[] _subclasses;

    // Subclasses alone: only those CUSTOM events are wanted.
    private readonly bool _customOnly;

    public EslEventMatcher(EslEventSelector selector)
    {
        bool all = selector.Names.Contains(EslEventName.All);
        _subclasses = [.. selector.Subclasses];
        _customOnly = selector.Names.Count == 0 && _subclasses.Length > 0;

        // ALL is any name; subclasses name CUSTOM events, so with names they bring CUSTOM along.
        _names = all ? []
            : _subclasses.Length > 0 && selector.Names.Count > 0 && !selector.Names.Contains(EslEventName.Custom) ? [.. selector.Names, EslEventName.Custom]
            : [.. selector.Names];
        ChannelId = selector.ChannelId;
    }

    /// <summary>The one channel wanted (by Unique-ID); null means any.</summary>
    public Guid? ChannelId { get; }

    /// <summary>True when an event of this name (and decoded CUSTOM subclass) is wanted.</summary>
    public bool Matches(EslEventName name, ReadOnlySpan<byte> subclass)
    {
        if (_names.Length > 0 && Array.IndexOf(_names, name) < 0)
        {
            return false;
        }

        if (_subclasses.Length == 0)
        {
            return true;
        }

        if (name != EslEventName.Custom)
        {
            return !_customOnly;
        }

        foreach (string wanted in _subclasses)
        {
            if (Ascii.EqualsIgnoreCase(subclass, wanted))
            {
                return true;
            }
        }

        return false;
    }
}
