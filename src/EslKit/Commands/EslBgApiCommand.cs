using System.Buffers;

namespace EslKit.Commands;

/// <summary>
/// <c>bgapi &lt;command&gt; [arguments]</c> with a client-chosen <c>Job-UUID</c> header: FreeSWITCH answers
/// <c>+OK Job-UUID: …</c> at once and later delivers the result in a BACKGROUND_JOB event with that UUID.
/// </summary>
public readonly struct EslBgApiCommand : IEslCommand, IEslPacketSource
{
    private readonly EslApiCall _call;
    private readonly Guid _jobUuid;

    internal EslBgApiCommand(EslApiCall call, Guid jobUuid)
    {
        _call = call;
        _jobUuid = jobUuid;
    }

    /// <summary>The API call this command runs in the background.</summary>
    public EslApiCall Call => _call;

    /// <summary>The <c>Job-UUID</c> FreeSWITCH will put on the reply and on the BACKGROUND_JOB event.</summary>
    public Guid JobUuid => _jobUuid;

    /// <inheritdoc />
    public EslReplyKind ReplyKind => EslReplyKind.CommandReply;

    /// <inheritdoc />
    public void WriteTo(IBufferWriter<byte> writer) => EslPacket.Write(this, writer);

    /// <summary>
    /// The redacted command line, e.g. <c>bgapi originate {sip_auth_password=***}…</c>, for logs, spans and
    /// messages: one line, without the Job-UUID header (that is <see cref="JobUuid"/>).
    /// </summary>
    public override string ToString() => _call.IsCreated ? $"bgapi {_call}" : EslPacket.DefaultText;

    void IEslPacketSource.Emit(ref EslPacketWriter writer)
    {
        writer.Write("bgapi "u8);
        _call.Emit(ref writer);
        writer.Write("\nJob-UUID: "u8);
        writer.Uuid(_jobUuid);
        writer.Write("\n\n"u8);
    }
}
