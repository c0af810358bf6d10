namespace EslKit.Controller.Calls;

/// <summary>
/// What happens on an answered call between its start (answered, subscribed, audio stream started) and its
/// hangup: the seam where the voice pipeline (issue 11: VAD → STT → agent → TTS → playback) plugs in. The
/// session handler calls it once per answered call and writes the call log after it returns and the call has
/// hung up. The default, <see cref="KeepAliveConversation"/>, keeps the call up until the callee hangs up or
/// <see cref="CallsOptions.MaxCallSeconds"/> passes.
/// </summary>
internal interface ICallConversation
{
    /// <summary>Runs the conversation; returns when it is over: a call it leaves up is then hung up (NORMAL_CLEARING) and the handler waits for the hangup.</summary>
    /// <param name="call">The session, the call's identity and its audio stream.</param>
    /// <param name="cancellationToken">Cancelled when the connection ends or the controller stops.</param>
    Task RunAsync(CallContext call, CancellationToken cancellationToken);
}
