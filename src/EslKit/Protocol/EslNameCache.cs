using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// Turns header names into strings without allocating a new string for names seen before. Bounded
/// (a fixed number of slots, newest wins) so hostile input cannot grow it; lock-free because each slot
/// holds one immutable entry that is replaced as a whole.
/// </summary>
internal static class EslNameCache
{
    private const int Slots = 2048;
    private const int MaxNameLength = 96;
    private static readonly Entry?[] Table = new Entry?[Slots];

    public static string GetString(ReadOnlySpan<byte> name)
    {
        if (name.Length > MaxNameLength)
        {
            return Encoding.UTF8.GetString(name);
        }

        int slot = (int)((uint)Hash(name) % Slots);
        var entry = Volatile.Read(ref Table[slot]);
        if (entry is not null && entry.Bytes.AsSpan().SequenceEqual(name))
        {
            return entry.Value;
        }

        var created = new Entry(name.ToArray(), Encoding.UTF8.GetString(name));
        Volatile.Write(ref Table[slot], created);
        return created.Value;
    }

    private static int Hash(ReadOnlySpan<byte> s)
    {
        var hash = new HashCode();
        hash.AddBytes(s);
        return hash.ToHashCode();
    }

    private sealed record Entry(byte[] Bytes, string Value);
}
