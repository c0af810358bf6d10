using EslKit.AudioStream;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// Where an answered call and its mod_audio_stream WebSocket meet: the call registers it before
/// <c>uuid_audio_stream … start</c>, the endpoint attaches the session when the module connects, and the session's
/// handler stays open until the conversation lets go. A reconnect for the same call attaches the newer session.
/// </summary>
internal sealed class CallAudioLink : IDisposable
{
    private readonly CallAudioStreams _owner;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<AudioStreamSession<CallAudioLink>> _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal CallAudioLink(CallAudioStreams owner, CallIdentity call)
    {
        _owner = owner;
        Call = call;
    }

    /// <summary>The call.</summary>
    public CallIdentity Call { get; }

    /// <summary>Completes when the conversation no longer needs the stream (the handler returns: close 1000).</summary>
    public Task Released => _released.Task;

    /// <summary>Waits for the module's connection.</summary>
    public Task<AudioStreamSession<CallAudioLink>> WaitForSessionAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _attached).Task.WaitAsync(cancellationToken);

    /// <summary>The endpoint admitted a connection for this call.</summary>
    internal void Attach(AudioStreamSession<CallAudioLink> session)
    {
        var attached = Volatile.Read(ref _attached);
        if (!attached.TrySetResult(session))
        {
            // A reconnect: later waiters get the newer session.
            var next = new TaskCompletionSource<AudioStreamSession<CallAudioLink>>(TaskCreationOptions.RunContinuationsAsynchronously);
            next.SetResult(session);
            Volatile.Write(ref _attached, next);
        }
    }

    /// <summary>The conversation is over: the stream may close, and the call id is forgotten.</summary>
    public void Dispose()
    {
        _released.TrySetResult();
        _owner.Remove(this);
    }
}
