using EslKit.Connections;

namespace EslKit;

/// <content>Typed call control on the session's own channel, and the socket's own settings.</content>
public sealed partial class EslOutboundSession
{
    /// <summary>
    /// Answers the call (the <c>answer</c> application) and completes once it has run, i.e. after
    /// CHANNEL_ANSWER; nothing to wait for separately.
    /// </summary>
    /// <exception cref="EslChannelHungUpException">The channel hung up first.</exception>
    public Task<EslExecuteResult> AnswerAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("answer", null, cancellationToken);

    /// <summary>Hangs the channel up with <c>NORMAL_CLEARING</c> (<c>sendmsg</c> hangup); see <see cref="WaitForHangupAsync"/> to wait for the end.</summary>
    public Task HangupAsync(CancellationToken cancellationToken = default) => HangupAsync(EslHangupCause.NormalClearing, cancellationToken);

    /// <summary>
    /// Hangs the channel up with <paramref name="cause"/> (<c>sendmsg</c> hangup, works without full mode) and
    /// returns once FreeSWITCH accepted it; <see cref="WaitForHangupAsync"/> waits for the end of the call.
    /// </summary>
    public Task HangupAsync(EslHangupCause cause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return Connection.SendCheckedAsync(EslCommands.SendMsgHangup(null, cause), "sendmsg", _options.CommandTimeout, cancellationToken);
    }

    /// <summary>Hangs the channel up with a cause given by name or number (<see cref="EslHangupCause.Parse(string)"/>).</summary>
    /// <exception cref="EslValueRejectedException">Not a cause name or number.</exception>
    public Task HangupAsync(string cause, CancellationToken cancellationToken = default) =>
        HangupAsync(EslHangupCause.Parse(cause, nameof(cause)), cancellationToken);

    /// <summary>
    /// Plays a file (or <c>tone_stream://…</c>, <c>silence_stream://…</c>, …) to the caller and completes when it
    /// ended, with how: <see cref="EslPlaybackResult.Response"/> from CHANNEL_EXECUTE_COMPLETE always, and
    /// <see cref="EslPlaybackResult.Status"/> (done or broken off by <see cref="BreakAsync"/>) from PLAYBACK_STOP.
    /// PLAYBACK_* events are not among <c>myevents</c>: in full mode the first playback asks for PLAYBACK_STOP
    /// (<c>event … PLAYBACK_STOP</c>) unless <see cref="RequestEventsAsync"/> already did; without full mode the
    /// status stays <see cref="EslPlaybackStatus.Unknown"/>.
    /// </summary>
    /// <param name="file">The path as FreeSWITCH reads it; no line breaks, control characters, <c>${</c>, or leading/trailing blanks.</param>
    /// <param name="cancellationToken">Stops waiting (the playback goes on; <see cref="BreakAsync"/> stops it).</param>
    /// <exception cref="EslValueRejectedException">The file cannot be written as given.</exception>
    /// <exception cref="EslChannelHungUpException">The channel hung up before the playback could start or report.</exception>
    public async Task<EslPlaybackResult> PlaybackAsync(string file, CancellationToken cancellationToken = default)
    {
        string argument = EslCallArguments.PlaybackFile(file, nameof(file));
        if (Channel.IsFull && !Volatile.Read(ref _playbackStopRequested))
        {
            await RequestEventsAsync([EslEventName.PlaybackStop], null, cancellationToken).ConfigureAwait(false);
        }

        var (uuid, execution) = await StartExecutionAsync("playback", argument, new EslExecuteOptions { EventLock = true }, tracksPlayback: true, cancellationToken).ConfigureAwait(false);
        var completion = await execution.Task.WaitPreferringResultAsync(cancellationToken).ConfigureAwait(false);
        return new EslPlaybackResult(new EslExecuteResult(uuid, completion), execution.PlaybackStop);
    }

    /// <summary>
    /// Stops the playback in progress (<c>api uuid_break &lt;uuid&gt; [all]</c>; with <paramref name="all"/>, the
    /// queued ones too). The playback then completes with <see cref="EslPlaybackStatus.Break"/>. Needs full mode.
    /// </summary>
    /// <exception cref="EslModeException">The socket is not in full mode.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (e.g. the channel is gone).</exception>
    public async Task BreakAsync(bool all = false, CancellationToken cancellationToken = default) =>
        (await ApiAsync(EslApi.UuidBreak(UniqueId, all), cancellationToken).ConfigureAwait(false)).EnsureSuccess();

    /// <summary>
    /// Bridges the caller to <paramref name="endpoint"/> (the <c>bridge</c> application) and completes when the
    /// bridge ends: the far end hung up, or it failed (see the completion's <c>variable_originate_disposition</c>
    /// and <c>variable_bridge_hangup_cause</c>).
    /// </summary>
    public Task<EslExecuteResult> BridgeAsync(EslEndpoint endpoint, CancellationToken cancellationToken = default) =>
        BridgeAsync([endpoint], EslLegMode.Sequential, cancellationToken);

    /// <summary>
    /// Bridges the caller to the first of <paramref name="endpoints"/> to answer: one after another
    /// (<c>a|b</c>, failover) or all at once (<c>a,b</c>); see <see cref="BridgeAsync(EslEndpoint, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="EslValueRejectedException">No endpoint, or a null one.</exception>
    public Task<EslExecuteResult> BridgeAsync(IEnumerable<EslEndpoint> endpoints, EslLegMode mode = EslLegMode.Sequential, CancellationToken cancellationToken = default) =>
        ExecuteAsync("bridge", EslCallArguments.DialString(endpoints, mode, nameof(endpoints)), cancellationToken);

    /// <summary>
    /// Sends the channel to another extension (the <c>transfer</c> application: <c>&lt;extension&gt;
    /// [&lt;dialplan&gt; [&lt;context&gt;]]</c>; the channel's own dialplan and context when not given). The channel
    /// leaves this socket's control for the dialplan.
    /// </summary>
    /// <param name="extension">Letters, digits and <c>_ . + * # -</c>, not starting with <c>-</c>.</param>
    /// <param name="dialplan">E.g. <c>XML</c>; required when a context is given (the words are positional).</param>
    /// <param name="context">E.g. <c>default</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="EslValueRejectedException">A part is not a valid word, or a context without a dialplan.</exception>
    public Task<EslExecuteResult> TransferAsync(string extension, string? dialplan = null, string? context = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync("transfer", EslCallArguments.Transfer(extension, dialplan, context), cancellationToken);

    /// <summary>
    /// Sets a channel variable to exactly <paramref name="value"/> (the <c>set</c> application, so it works
    /// without full mode; see <see cref="EslApplication.Set"/> for what is refused).
    /// </summary>
    /// <exception cref="EslValueRejectedException">The name is not a variable name, or the value cannot arrive as given.</exception>
    public async Task SetVariableAsync(string name, string value, CancellationToken cancellationToken = default)
    {
        var set = EslApplication.Set(name, value);
        await ExecuteAsync(set.Name, set.Argument, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a channel variable now (<c>getvar</c>); null when it is not set.</summary>
    public async Task<string?> GetVariableAsync(string name, CancellationToken cancellationToken = default)
    {
        var command = EslCommands.GetVar(name);
        var reply = new EslCommandReply(command.ToString(), await Connection.SendAsync(command, "getvar", _options.CommandTimeout, cancellationToken).ConfigureAwait(false));

        // FreeSWITCH answers an unset variable with its generic "-ERR command not found".
        return reply.ReplyText == "-ERR command not found" ? null : reply.ReplyText;
    }

    /// <summary>
    /// Asks for this channel's events (<c>myevents [format]</c>). The server sends it before the handler runs
    /// unless <see cref="EslOutboundServerOptions.SubscribeToChannelEvents"/> is off; executes, hangup
    /// detection and event waits need it.
    /// </summary>
    public Task RequestChannelEventsAsync(EslEventFormat format = EslEventFormat.Plain, CancellationToken cancellationToken = default) =>
        Connection.SendCheckedAsync(EslCommands.MyEvents(null, format == EslEventFormat.Plain ? null : format), "myevents", _options.CommandTimeout, cancellationToken);

    /// <summary>Keeps the socket open after hangup for the remaining events (<c>linger</c>; needs full mode).</summary>
    public Task LingerAsync(int? seconds = null, CancellationToken cancellationToken = default) =>
        SendFullAsync(EslCommands.Linger(seconds), "linger", cancellationToken);

    /// <summary>Closes the socket at hangup (<c>nolinger</c>; needs full mode).</summary>
    public Task NoLingerAsync(CancellationToken cancellationToken = default) =>
        SendFullAsync(EslCommands.NoLinger(), "nolinger", cancellationToken);

    /// <summary>Lets the dialplan continue after the socket closes (<c>resume</c>).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        Connection.SendCheckedAsync(EslCommands.Resume(), "resume", _options.CommandTimeout, cancellationToken);
}
