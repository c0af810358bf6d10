using EslKit.Protocol;

namespace EslKit.Testing.Internal;

/// <summary>FreeSWITCH's event type table (<c>EVENT_NAMES</c>) and <c>switch_name_event</c>.</summary>
internal static class FsEventTypes
{
    /// <summary>Number of types including ALL; ids run 0..Count-1 in FreeSWITCH's order.</summary>
    public static readonly int Count = CountTypes();

    public static readonly int Custom = IdOf("CUSTOM");

    public static readonly int All = IdOf("ALL");

    /// <summary>The 23 types <c>myevents</c> turns on.</summary>
    public static readonly int[] MyEvents =
    [
        .. new[]
        {
            "CHANNEL_ANSWER", "CHANNEL_APPLICATION", "CHANNEL_BRIDGE", "CHANNEL_CREATE", "CHANNEL_DATA", "CHANNEL_DESTROY",
            "CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "CHANNEL_ORIGINATE",
            "CHANNEL_UUID", "CHANNEL_OUTGOING", "CHANNEL_PARK", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_STATE",
            "CHANNEL_UNBRIDGE", "CHANNEL_UNPARK", "DETECTED_SPEECH", "DTMF", "NOTALK", "TALK",
        }.Select(IdOf),
    ];

    public static string NameOf(int id) => EslEventNames.GetName((EslEventName)(id + 1));

    /// <summary>
    /// <c>switch_name_event</c>: a name ignoring case, or any 13-character prefix (meant for
    /// <c>SWITCH_EVENT_</c>) followed by one; the lowest matching id wins.
    /// </summary>
    public static bool TryResolve(string token, out int id)
    {
        id = -1;
        int direct = Lookup(token);
        int prefixed = token.Length > 13 ? Lookup(token[13..]) : -1;
        if (direct < 0 && prefixed < 0)
        {
            return false;
        }

        id = direct < 0 ? prefixed : prefixed < 0 ? direct : Math.Min(direct, prefixed);
        return true;
    }

    /// <summary>The id of a name (ignoring case), or -1.</summary>
    public static int Lookup(string name)
    {
        var parsed = EslEventNames.Parse(name);
        return parsed == EslEventName.Unknown ? -1 : (int)parsed - 1;
    }

    private static int IdOf(string name) => Lookup(name) is int id and >= 0 ? id : throw new InvalidOperationException($"EslKit does not know the event type {name}.");

    private static int CountTypes()
    {
        int count = 0;
        while (Enum.IsDefined<EslEventName>((EslEventName)(count + 1)))
        {
            count++;
        }

        return count;
    }
}
