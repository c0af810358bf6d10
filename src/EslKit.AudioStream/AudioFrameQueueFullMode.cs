namespace EslKit.AudioStream;

/// <summary>
/// What a session does with an incoming audio frame when its frame queue
/// (<see cref="AudioStreamOptions.FrameQueueCapacity"/>) is full because the handler reads more slowly than
/// the call speaks. Every dropped frame is counted (<see cref="AudioStreamSession.FramesDropped"/>, the
/// <c>eslkit.audiostream.frames.dropped</c> metric) and the first drop of a session is logged; the
/// <see cref="AudioFrame.Sequence"/> numbers show where the gaps are.
/// </summary>
public enum AudioFrameQueueFullMode
{
    /// <summary>Drop the oldest queued frame: the handler stays close to real time (the default, what barge-in wants).</summary>
    DropOldest,

    /// <summary>Drop the frame that just arrived: the handler keeps a continuous stretch of older audio.</summary>
    DropIncoming,

    /// <summary>
    /// Stop reading the socket until the handler catches up: nothing is lost here, and TCP pushes back to
    /// FreeSWITCH, whose own send buffer then grows. Use only with a handler that always keeps up.
    /// </summary>
    Wait,
}
