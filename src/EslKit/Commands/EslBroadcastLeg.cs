namespace EslKit.Commands;

/// <summary>Which side of a call hears a <c>uuid_broadcast</c>.</summary>
public enum EslBroadcastLeg
{
    /// <summary><c>aleg</c>: the channel named by the uuid.</summary>
    ALeg = 0,

    /// <summary><c>bleg</c>: the channel bridged to it.</summary>
    BLeg,

    /// <summary><c>both</c>.</summary>
    Both,
}
