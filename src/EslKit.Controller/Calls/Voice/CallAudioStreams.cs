using System.Collections.Concurrent;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// The answered calls whose audio stream is expected, by call id: the outbound session registers a call before it
/// starts <c>uuid_audio_stream</c>, so the WebSocket that arrives (<c>/audio/&lt;call id&gt;</c>) finds it; a
/// connection naming no registered call is refused (4004).
/// </summary>
internal sealed class CallAudioStreams
{
    private readonly ConcurrentDictionary<Guid, CallAudioLink> _calls = new();

    /// <summary>Calls expecting or holding a stream.</summary>
    public int Count => _calls.Count;

    /// <summary>Registers a call (replacing a stale registration of the same id); dispose the link when the call is over.</summary>
    public CallAudioLink Expect(CallIdentity call)
    {
        var link = new CallAudioLink(this, call);
        _calls[call.CallId] = link;
        return link;
    }

    /// <summary>The call's link, when registered.</summary>
    public bool TryGet(Guid callId, out CallAudioLink link) => _calls.TryGetValue(callId, out link!);

    internal void Remove(CallAudioLink link) =>
        _calls.TryRemove(new KeyValuePair<Guid, CallAudioLink>(link.Call.CallId, link));
}
