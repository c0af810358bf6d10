namespace EslKit.Protocol;

/// <summary>
/// Header-name equality for the materialised types, matching the in-place lookups (and FreeSWITCH's
/// strcasecmp): ASCII letters ignore case, every other character must be identical. Ordinal-ignore-case would
/// also fold non-ASCII letters (<c>é</c> = <c>É</c>), which the byte lookups and FreeSWITCH do not.
/// </summary>
internal sealed class EslNameComparer : IEqualityComparer<string>
{
    public static EslNameComparer Instance { get; } = new();

    public bool Equals(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return ReferenceEquals(x, y);
        }

        if (x.Length != y.Length)
        {
            return false;
        }

        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != y[i] && !(char.IsAsciiLetter(x[i]) && (x[i] | 0x20) == (y[i] | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var hash = default(HashCode);
        foreach (char c in obj)
        {
            hash.Add(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
        }

        return hash.ToHashCode();
    }
}
