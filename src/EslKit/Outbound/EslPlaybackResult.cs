namespace EslKit;

/// <summary>How a <see cref="EslOutboundSession.PlaybackAsync"/> ended.</summary>
public sealed class EslPlaybackResult
{
    internal EslPlaybackResult(EslExecuteResult execution, EslEvent? playbackStop)
    {
        Execution = execution;
        PlaybackStop = playbackStop;
        Status = playbackStop?["Playback-Status"] switch
        {
            "done" => EslPlaybackStatus.Done,
            "break" => EslPlaybackStatus.Break,
            _ => EslPlaybackStatus.Unknown,
        };
    }

    /// <summary>The <c>playback</c> application's run (its CHANNEL_EXECUTE_COMPLETE).</summary>
    public EslExecuteResult Execution { get; }

    /// <summary>
    /// What <c>playback</c> reported (<c>Application-Response</c>, always there): <c>FILE PLAYED</c> (also when
    /// broken off), <c>FILE NOT FOUND</c> or <c>PLAYBACK ERROR</c>.
    /// </summary>
    public string? Response => Execution.Response;

    /// <summary>True when FreeSWITCH played the file, to its end or until broken off (<c>FILE PLAYED</c>).</summary>
    public bool IsPlayed => Response == "FILE PLAYED";

    /// <summary>Done or broken off, from PLAYBACK_STOP; <see cref="EslPlaybackStatus.Unknown"/> when none was seen.</summary>
    public EslPlaybackStatus Status { get; }

    /// <summary>The PLAYBACK_STOP event (<c>Playback-File-Path</c>, <c>variable_playback_ms</c> …), or null.</summary>
    public EslEvent? PlaybackStop { get; }

    /// <inheritdoc />
    public override string ToString() => $"playback -> {Response} ({Status})";
}
