namespace EslKit.Commands;

/// <content>Call control by channel UUID: answer, hang up, bridge, transfer.</content>
public static partial class EslApi
{
    /// <summary><c>uuid_answer &lt;uuid&gt;</c>: answer the channel (FreeSWITCH answers <c>+OK</c> or <c>-ERROR</c>).</summary>
    public static EslApiCall UuidAnswer(Guid uuid) => EslApiCall.Built("uuid_answer", Join(uuid));

    /// <summary><c>uuid_kill &lt;uuid&gt; &lt;cause&gt;</c>: hang the channel up with <paramref name="cause"/>.</summary>
    public static EslApiCall UuidKill(Guid uuid, EslHangupCause cause)
    {
        ArgumentNullException.ThrowIfNull(cause);
        return EslApiCall.Built("uuid_kill", Join(uuid, cause.Name));
    }

    /// <summary><c>uuid_bridge &lt;uuid&gt; &lt;other&gt;</c>: bridge two existing channels (<c>+OK &lt;other&gt;</c> or <c>-ERR Invalid uuid</c>).</summary>
    public static EslApiCall UuidBridge(Guid uuid, Guid otherUuid) => EslApiCall.Built("uuid_bridge", Join(uuid, otherUuid.ToString("D")));

    /// <summary>
    /// <c>uuid_transfer &lt;uuid&gt; &lt;extension&gt; [&lt;dialplan&gt; [&lt;context&gt;]]</c>: send the channel to
    /// another extension (the channel's own dialplan and context when not given).
    /// </summary>
    /// <param name="uuid">The channel.</param>
    /// <param name="extension">Letters, digits and <c>_ . + * # -</c>, not starting with <c>-</c>.</param>
    /// <param name="dialplan">E.g. <c>XML</c>; required when a context is given (the words are positional).</param>
    /// <param name="context">E.g. <c>default</c>.</param>
    public static EslApiCall UuidTransfer(Guid uuid, string extension, string? dialplan = null, string? context = null) =>
        EslApiCall.Built("uuid_transfer", $"{uuid:D} {EslCallArguments.Transfer(extension, dialplan, context)}");
}
