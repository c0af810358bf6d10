using EslKit.AudioStream;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// The controller's side of mod_audio_stream (<c>/audio/{callId}</c>): admits a connection for an answered call
/// registered in <see cref="CallAudioStreams"/> (the call id in the URL that <c>uuid_audio_stream … start</c> was
/// given), checks that the metadata names the same call, and hands the session to the call's conversation, which
/// reads the frames and sends <c>streamAudio</c>. The session stays open until the conversation releases it.
/// </summary>
internal sealed class CallAudioStreamHandler(CallAudioStreams calls) : AudioStreamHandler<CallAudioLink>
{
    /// <summary>The route the endpoint is mapped to (the URLs nodes are given end in <c>/audio/&lt;call id&gt;</c>).</summary>
    public const string Pattern = "/audio/{callId}";

    /// <inheritdoc />
    public override ValueTask<AudioStreamAdmission<CallAudioLink>> AdmitAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(
            context.GetRouteValue("callId") is string text && Guid.TryParse(text, out Guid callId) && calls.TryGet(callId, out var link)
                ? Accept(callId.ToString("D"), link)
                : RejectUnknownCall());
    }

    /// <inheritdoc />
    public override ValueTask<AudioStreamDecision> AcceptMetadataAsync(AudioStreamSession<CallAudioLink> session, AudioStreamMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(metadata);
        // The metadata the session handler sent: {"callId":"<call id>","tenant":<id>}.
        return ValueTask.FromResult(metadata.TryGetString("callId", out string? text) && Guid.TryParse(text, out Guid callId) && callId == session.Call.Call.CallId
            ? AudioStreamDecision.Accept
            : AudioStreamDecision.Reject("metadata names another call"));
    }

    /// <inheritdoc />
    public override async Task RunAsync(AudioStreamSession<CallAudioLink> session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Call.Attach(session);
        try
        {
            await session.Call.Released.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The stream ended first (the module closed it, the call hung up, a reconnect replaced it).
        }
    }
}
