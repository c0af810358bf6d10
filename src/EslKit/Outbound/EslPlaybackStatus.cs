namespace EslKit;

/// <summary>How a playback ended, from its PLAYBACK_STOP event's <c>Playback-Status</c>.</summary>
public enum EslPlaybackStatus
{
    /// <summary>
    /// No PLAYBACK_STOP was seen: the socket is not in full mode (PLAYBACK_* events are not among <c>myevents</c>
    /// and need <c>event</c>), the file never started, or FreeSWITCH sent an unknown status.
    /// </summary>
    Unknown = 0,

    /// <summary><c>done</c>: the file played to its end.</summary>
    Done,

    /// <summary><c>break</c>: stopped early (<c>uuid_break</c>, a DTMF terminator, or the hangup).</summary>
    Break,
}
