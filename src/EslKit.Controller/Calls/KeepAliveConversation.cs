using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Calls;

/// <summary>
/// The default <see cref="ICallConversation"/> until the voice pipeline arrives: says nothing, reports the audio
/// stream's CUSTOM events (an error or a disconnect from mod_audio_stream is logged), and keeps the call up until
/// the callee hangs up — or hangs it up itself after <see cref="CallsOptions.MaxCallSeconds"/>.
/// </summary>
internal sealed class KeepAliveConversation(IOptions<CallsOptions> options, TimeProvider time, ILogger<KeepAliveConversation> logger) : ICallConversation
{
    /// <inheritdoc/>
    public async Task RunAsync(CallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = call.Session;
        int maxSeconds = options.Value.MaxCallSeconds;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds), time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.HangupToken, limit.Token);
        try
        {
            if (call.Events is { } events)
            {
                await foreach (var e in events.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    if (e.Name == EslEventName.Custom && e.Subclass is "mod_audio_stream::error" or "mod_audio_stream::disconnect")
                    {
                        CallsLog.AudioStreamEvent(logger, call.Identity.CallId, call.Identity.Attempt, e.Subclass);
                    }
                }
            }
            else
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Hung up, too long, or stopping.
        }

        if (limit.IsCancellationRequested && !session.IsHungUp && !cancellationToken.IsCancellationRequested)
        {
            CallsLog.TooLong(logger, call.Identity.CallId, call.Identity.Attempt, maxSeconds);
            await session.HangupAsync(EslHangupCause.NormalClearing, cancellationToken).ConfigureAwait(false);
        }
    }
}
