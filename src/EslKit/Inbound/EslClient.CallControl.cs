using EslKit.Commands;

namespace EslKit;

/// <content>Typed call control of any channel by its UUID (<c>uuid_*</c> api commands).</content>
public sealed partial class EslClient
{
    /// <summary>Answers the channel (<c>uuid_answer &lt;uuid&gt;</c>).</summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (e.g. no such channel).</exception>
    /// <exception cref="EslConnectionLostException">Not connected, or the connection was lost before the reply.</exception>
    public Task AnswerAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidAnswer(uuid), cancellationToken);

    /// <summary>Hangs the channel up with <c>NORMAL_CLEARING</c> (<c>uuid_kill &lt;uuid&gt;</c>).</summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (<c>-ERR No such channel!</c>).</exception>
    public Task HangupAsync(Guid uuid, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidKill(uuid), cancellationToken);

    /// <summary>Hangs the channel up with <paramref name="cause"/> (<c>uuid_kill &lt;uuid&gt; &lt;cause&gt;</c>).</summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (<c>-ERR No such channel!</c>).</exception>
    public Task HangupAsync(Guid uuid, EslHangupCause cause, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidKill(uuid, cause), cancellationToken);

    /// <summary>
    /// Plays a file into the call (<c>uuid_broadcast &lt;uuid&gt; &lt;file&gt; &lt;leg&gt;</c>) and returns once
    /// FreeSWITCH has queued it: it does not wait for the end (the client only hears the events it asked for;
    /// an outbound session's <see cref="EslOutboundSession.PlaybackAsync"/> does wait).
    /// </summary>
    /// <param name="uuid">The channel.</param>
    /// <param name="file">One argument: spaces and quotes are escaped; a backslash, <c>${</c> or control character is refused.</param>
    /// <param name="leg">Who hears it (default the channel itself).</param>
    /// <param name="cancellationToken">Stops waiting for the reply.</param>
    /// <exception cref="EslValueRejectedException">The file cannot be written as given.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (<c>-ERR invalid uuid</c>).</exception>
    public Task PlaybackAsync(Guid uuid, string file, EslBroadcastLeg leg = EslBroadcastLeg.ALeg, CancellationToken cancellationToken = default)
    {
        EslApiCall call;
        try
        {
            call = EslApi.UuidBroadcast(uuid, file, leg);
        }
        catch (EslValueRejectedException ex) when (ex.Field == "path")
        {
            throw new EslValueRejectedException(nameof(file), ex.Reason); // named as the caller knows it
        }

        return CallControlAsync(call, cancellationToken);
    }

    /// <summary>Stops the channel's playback in progress (<c>uuid_break &lt;uuid&gt; [all]</c>; with <paramref name="all"/>, the queued ones too).</summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused.</exception>
    public Task BreakAsync(Guid uuid, bool all = false, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidBreak(uuid, all), cancellationToken);

    /// <summary>
    /// Sets a channel variable to exactly <paramref name="value"/> (<c>uuid_setvar</c>; see
    /// <see cref="EslApi.UuidSetVar"/> for what is refused). Values of variables that are always secret
    /// (<c>sip_auth_password</c> …) are masked in logs and traces.
    /// </summary>
    /// <exception cref="EslValueRejectedException">The name is not a variable name, or the value cannot arrive as given.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (e.g. no such channel).</exception>
    public Task SetVariableAsync(Guid uuid, string name, string value, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidSetVar(uuid, name, value), cancellationToken);

    /// <summary>Bridges two existing channels (<c>uuid_bridge &lt;uuid&gt; &lt;other&gt;</c>).</summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (<c>-ERR Invalid uuid</c>).</exception>
    public Task BridgeAsync(Guid uuid, Guid otherUuid, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidBridge(uuid, otherUuid), cancellationToken);

    /// <summary>
    /// Sends the channel to another extension (<c>uuid_transfer &lt;uuid&gt; &lt;extension&gt; [&lt;dialplan&gt;
    /// [&lt;context&gt;]]</c>; the channel's own dialplan and context when not given).
    /// </summary>
    /// <exception cref="EslValueRejectedException">A part is not a valid word, or a context without a dialplan.</exception>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused (<c>-ERR No such channel!</c>).</exception>
    public Task TransferAsync(Guid uuid, string extension, string? dialplan = null, string? context = null, CancellationToken cancellationToken = default) =>
        CallControlAsync(EslApi.UuidTransfer(uuid, extension, dialplan, context), cancellationToken);

    // api, not bgapi: these commands return at once, and their answer is the result.
    private async Task CallControlAsync(EslApiCall call, CancellationToken cancellationToken) =>
        (await SendApiAsync(EslCommands.Api(call), cancellationToken).ConfigureAwait(false)).EnsureSuccess();
}
