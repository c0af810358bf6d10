using System.Runtime.CompilerServices;

namespace EslKit.Protocol;

/// <summary>
/// The strings an <see cref="EslEvent"/> has decoded, kept inside the event (no array of its own): a small
/// two-way cache. Each slot is one reference, written and read whole, so concurrent readers need no lock;
/// a slot's string is a hit only when it equals what the header's bytes decode to, so a collision or a race
/// can cost a second decode but never a wrong value.
/// </summary>
[InlineArray(Count)]
internal struct EslDecodedStrings
{
    public const int Count = 6;

    private string? _element;

    /// <summary>The first of the two slots (it and the next) a value whose bytes start at <paramref name="offset"/> may occupy.</summary>
    public static int Home(int offset) => (int)(((ulong)((uint)offset * 0x9E3779B1u) * (Count / 2)) >> 32) * 2;
}
