using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// A read-only map from ASCII names to values, looked up straight from UTF-8 bytes without
/// allocating: open addressing over a power-of-two table, names compared byte for byte.
/// </summary>
internal sealed class Utf8NameTable<T>
{
    private readonly byte[][] _keys;
    private readonly T[] _values;
    private readonly int _mask;

    public Utf8NameTable(IEnumerable<KeyValuePair<string, T>> entries, bool ignoreCase)
    {
        IgnoreCase = ignoreCase;
        var list = entries.ToList();
        int size = 8;
        while (size < list.Count * 4)
        {
            size <<= 1;
        }

        _keys = new byte[size][];
        _values = new T[size];
        _mask = size - 1;
        foreach (var (name, value) in list)
        {
            byte[] key = Encoding.ASCII.GetBytes(name);
            int slot = Hash(key) & _mask;
            while (_keys[slot] is not null)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _values[slot] = value;
        }
    }

    public bool IgnoreCase { get; }

    public bool TryGetValue(ReadOnlySpan<byte> name, out T value)
    {
        int slot = Hash(name) & _mask;
        while (_keys[slot] is { } key)
        {
            if (IgnoreCase ? Ascii.EqualsIgnoreCase(key, name) : key.AsSpan().SequenceEqual(name))
            {
                value = _values[slot];
                return true;
            }

            slot = (slot + 1) & _mask;
        }

        value = default!;
        return false;
    }

    // Length and a few bytes are enough to spread a few hundred known names; folding ASCII case
    // (| 0x20) keeps the hash equal for names that differ only in case.
    private static int Hash(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty)
        {
            return 0;
        }

        uint h = (uint)s.Length * 0x9E3779B1u;
        h ^= (uint)(s[0] | 0x20) * 0x85EBCA77u;
        h ^= (uint)(s[^1] | 0x20) * 0xC2B2AE3Du;
        h ^= (uint)(s[s.Length / 2] | 0x20) * 0x27D4EB2Fu;
        h ^= (uint)(s[s.Length / 3] | 0x20) * 0x165667B1u;
        return (int)(h ^ (h >> 15));
    }
}
