using System.Globalization;
using EslKit.Commands;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Nodes;
using EslKit.Controller.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EslKit.Controller.Calls;

/// <summary>
/// Drives one answered call on the outbound socket (FreeSWITCH connects here through the originate's
/// <c>&amp;socket(&lt;controller&gt;:&lt;port&gt; async full)</c>; EslKit's server has already sent <c>connect</c>,
/// <c>myevents</c> and <c>linger</c>). Ties the channel to its attempt by our variables, subscribes with <c>event</c>
/// to what <c>myevents</c> does not deliver (PLAYBACK_START/STOP, CUSTOM mod_audio_stream::play / connect /
/// disconnect / error — capture call-socket-session), marks the item answered, starts
/// <c>uuid_audio_stream &lt;uuid&gt; start ws://&lt;controller&gt;/audio/&lt;call id&gt; mono 16k {"callId":…,"tenant":…}</c>
/// (a failure is logged and counted, never fatal), runs the <see cref="ICallConversation"/>, waits for the hangup
/// and writes the call log from CHANNEL_HANGUP_COMPLETE. If the session is lost first, the node's inbound
/// connection writes it (<see cref="HangupListener"/>).
/// </summary>
internal sealed class CallSessionHandler(
    CallEndRecorder ends,
    OutcomeRecorder outcomes,
    NodeRegistry nodes,
    ICallConversation conversation,
    IOptions<CallsOptions> callsOptions,
    IOptions<RoutingOptions> routingOptions,
    TimeProvider time,
    ILogger<CallSessionHandler> logger) : IEslOutboundHandler
{
    /// <summary>The CUSTOM subclasses mod_audio_stream fires that a call subscribes to.</summary>
    public static readonly IReadOnlyList<string> AudioStreamSubclasses =
        ["mod_audio_stream::play", "mod_audio_stream::connect", "mod_audio_stream::disconnect", "mod_audio_stream::error"];

    /// <summary>
    /// What a call asks for with <c>event</c>: <c>event plain PLAYBACK_START PLAYBACK_STOP CUSTOM mod_audio_stream::play
    /// mod_audio_stream::connect mod_audio_stream::disconnect mod_audio_stream::error</c>.
    /// </summary>
    public static readonly EslEventSelector CallEvents = new()
    {
        Names = [EslEventName.PlaybackStart, EslEventName.PlaybackStop],
        Subclasses = AudioStreamSubclasses,
    };

    /// <inheritdoc/>
    public async Task HandleAsync(EslOutboundSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var channel = session.Channel;
        if (!CallIdentity.TryRead(channel.GetVariable, out var call))
        {
            CallMetrics.SessionsAnswered.Add(1, new KeyValuePair<string, object?>("result", "foreign"));
            CallsLog.NotOurs(logger, session.UniqueId);
            return; // the session exits and FreeSWITCH goes on with its dialplan (or hangs up)
        }

        CallMetrics.SessionsAnswered.Add(1, new KeyValuePair<string, object?>("result", "ours"));
        var node = nodes.NodeOf(call.CallId, call.Attempt);
        EslSubscription<EslEvent>? events = null;
        try
        {
            events = await SubscribeAsync(session, call, cancellationToken).ConfigureAwait(false);
            await MarkAnsweredAsync(call, cancellationToken).ConfigureAwait(false);
            CallsLog.Answered(logger, call.CallId, call.Attempt, session.UniqueId, node?.Name ?? "unknown");
            string url = AudioStreamUrl(node, call);
            string? audioError = await StartAudioStreamAsync(session, call, url, cancellationToken).ConfigureAwait(false);
            await ConverseAsync(new CallContext(session, call, node?.Name, events, url, audioError), cancellationToken).ConfigureAwait(false);
            await session.WaitForHangupAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection ended, or the controller is stopping with the call up: the node's inbound connection hears its end.
        }
        catch (Exception ex) when (ex is EslConnectionLostException or EslChannelHungUpException)
        {
            // The call ended under us: what the session heard is written below, the rest by the inbound connection.
        }
        finally
        {
            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (session.HangupComplete is { } complete && CallEndReader.Read(complete, node?.Name, time.GetUtcNow()) is { } end)
        {
            try
            {
                await ends.RecordHangupAsync(end, "session", CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                CallsLog.RecordFailed(logger, call.CallId, call.Attempt, "session", ex);
            }
        }
    }

    // The conversation, then a hangup if it left the call up.
    private async Task ConverseAsync(CallContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        try
        {
            await conversation.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not EslConnectionLostException and not EslChannelHungUpException)
        {
            CallsLog.ConversationFailed(logger, context.Identity.CallId, context.Identity.Attempt, ex);
        }

        if (!session.IsHungUp && !cancellationToken.IsCancellationRequested)
        {
            await session.HangupAsync(EslHangupCause.NormalClearing, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The audio stream's metadata: ids only (mod_audio_stream unescapes backslashes, so no JSON escapes may be needed).</summary>
    internal static string AudioStreamMetadata(CallIdentity call) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"callId\":\"{call.CallId:D}\",\"tenant\":{call.TenantId}}}");

    private async Task<EslSubscription<EslEvent>?> SubscribeAsync(EslOutboundSession session, CallIdentity call, CancellationToken cancellationToken)
    {
        if (!session.Channel.IsFull)
        {
            CallsLog.NotSubscribed(logger, call.CallId, call.Attempt, "the socket is not in full mode: use &socket(host:port async full)");
            return null;
        }

        try
        {
            return await session.SubscribeAsync(CallEvents, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (EslException ex)
        {
            CallsLog.NotSubscribed(logger, call.CallId, call.Attempt, ex.GetType().Name);
            return null;
        }
    }

    private async Task MarkAnsweredAsync(CallIdentity call, CancellationToken cancellationToken)
    {
        try
        {
            await outcomes.MarkAnsweredAsync(call.CallId, call.Attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // The hangup's end marks it done as answered anyway (CHANNEL_HANGUP_COMPLETE carries the answer time).
            CallsLog.RecordFailed(logger, call.CallId, call.Attempt, "session answer", ex);
        }
    }

    private string AudioStreamUrl(FreeSwitchNode? node, CallIdentity call)
    {
        string baseUrl = node?.AudioStreamBaseUrl
            ?? (nodes.Nodes.Count > 0 ? nodes.Nodes[0].AudioStreamBaseUrl : null)
            ?? string.Create(CultureInfo.InvariantCulture, $"ws://{routingOptions.Value.SocketHost}:{callsOptions.Value.AudioStreamPort}/audio");
        return $"{baseUrl.TrimEnd('/')}/{call.CallId:D}";
    }

    // Returns why it failed, or null.
    private async Task<string?> StartAudioStreamAsync(EslOutboundSession session, CallIdentity call, string url, CancellationToken cancellationToken)
    {
        if (!callsOptions.Value.StartAudioStream)
        {
            return null;
        }

        string? error;
        if (!session.Channel.IsFull)
        {
            error = "the socket is not in full mode";
        }
        else
        {
            try
            {
                var reply = await session.ApiAsync(EslApi.AudioStreamStart(session.UniqueId, url, EslAudioMix.Mono, EslAudioRate.Rate16k, AudioStreamMetadata(call)), cancellationToken).ConfigureAwait(false);
                error = reply.IsSuccess ? null : FirstLine(reply.Body);
            }
            catch (EslException ex)
            {
                error = ex.GetType().Name;
            }
        }

        CallMetrics.AudioStreamStarts.Add(1, new KeyValuePair<string, object?>("result", error is null ? "ok" : "failed"));
        if (error is null)
        {
            CallsLog.AudioStreamStarted(logger, call.CallId, call.Attempt, url);
        }
        else
        {
            CallsLog.AudioStreamFailed(logger, call.CallId, call.Attempt, error);
        }

        return error;
    }

    private static string FirstLine(string text)
    {
        var line = text.AsSpan().Trim();
        int end = line.IndexOfAny('\r', '\n');
        line = end >= 0 ? line[..end] : line;
        return line.Length > 200 ? line[..200].ToString() : line.ToString();
    }
}
