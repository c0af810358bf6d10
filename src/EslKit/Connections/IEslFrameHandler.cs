using EslKit.Protocol;

namespace EslKit.Connections;

/// <summary>Receives the frames of a connection that are not replies to a command.</summary>
internal interface IEslFrameHandler
{
    /// <summary>
    /// Called on the read loop, in arrival order, for events, log lines, notices, auth requests and
    /// unknown frames. Must not block: hand work off to buffers.
    /// </summary>
    void OnFrame(in EslFrame frame);
}
