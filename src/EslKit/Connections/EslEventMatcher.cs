using System.Text;
using EslKit.Protocol;

namespace EslKit.Connections;

/// <summary>
/// An <see cref="EslEventSelector"/> copied when a subscription is made: the read loop walks these arrays
/// without allocating, and later changes to the collections the caller passed in cannot reach it.
/// </summary>
internal sealed class EslEventMatcher(EslEventSelector selector)
{
    private readonly EslEventName[] _names = [.. selector.Names];
    private readonly string[] _subclasses = [.. selector.Subclasses];

    /// <summary>The one channel wanted (by Unique-ID); null means any.</summary>
    public Guid? ChannelId { get; } = selector.ChannelId;

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
