using System.Text;

namespace EslKit.Protocol;

/// <summary>
/// Strings for the header values a node repeats from event to event — its identity (<c>Core-UUID</c>, host
/// name, addresses) and values drawn from a small set (channel and answer states, hangup causes, call sites,
/// codecs) — so that reading one costs a string once per distinct value rather than once per event, as web
/// servers reuse header strings across requests. A fixed table (newest wins) shared by all events, lock-free:
/// a slot holds one string, used only when it equals the bytes. Only the headers named here are kept: channel
/// variables and other per-call values never are.
/// </summary>
internal static class EslSharedValues
{
    private const int Slots = 1024;
    private const int MaxLength = 64;
    private static readonly string?[] Table = new string?[Slots];

    private static readonly Utf8NameTable<bool> Names = new(
        new[]
        {
            "Core-UUID", "FreeSWITCH-Hostname", "FreeSWITCH-Switchname", "FreeSWITCH-IPv4", "FreeSWITCH-IPv6",
            "Event-Calling-File", "Event-Calling-Function", "Event-Calling-Line-Number", "Event-Subclass",
            "Channel-State", "Channel-State-Number", "Channel-Call-State", "Original-Channel-Call-State", "Answer-State",
            "Call-Direction", "Presence-Call-Direction", "Channel-HIT-Dialplan", "Hangup-Cause", "Application",
            "Playback-Status", "Job-Command", "Caller-Direction", "Caller-Logical-Direction", "Caller-Context",
            "Caller-Dialplan", "Caller-Source", "Channel-Read-Codec-Name", "Channel-Read-Codec-Rate",
            "Channel-Read-Codec-Bit-Rate", "Channel-Write-Codec-Name", "Channel-Write-Codec-Rate", "Channel-Write-Codec-Bit-Rate",
        }.Select(name => new KeyValuePair<string, bool>(name, true)),
        ignoreCase: true);

    /// <summary>True for a header whose values are shared (the name as looked up, ASCII case-insensitive).</summary>
    public static bool IsShared(ReadOnlySpan<byte> name) => Names.TryGetValue(name, out _);

    /// <summary>The string for a shared header's decoded value: the one made before when it is still in the table.</summary>
    public static string GetString(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        // Two ways: a value may sit in its home slot or the one next to it, so two values that collide can both stay.
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        int home = hash.ToHashCode() & (Slots - 2);
        ref string? first = ref Table[home];
        ref string? second = ref Table[home + 1];
        if (Volatile.Read(ref first) is { } known && EslEventValues.TextEquals(known, utf8))
        {
            return known;
        }

        if (Volatile.Read(ref second) is { } other && EslEventValues.TextEquals(other, utf8))
        {
            return other;
        }

        string created = Encoding.UTF8.GetString(utf8);
        Volatile.Write(ref Volatile.Read(ref first) is null || Volatile.Read(ref second) is not null ? ref first : ref second, created);
        return created;
    }
}
