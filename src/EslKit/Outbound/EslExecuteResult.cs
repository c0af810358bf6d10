using EslKit.Protocol;

namespace EslKit;

/// <summary>How an application run by <see cref="EslOutboundSession.ExecuteAsync"/> ended: its CHANNEL_EXECUTE_COMPLETE.</summary>
public sealed class EslExecuteResult
{
    internal EslExecuteResult(Guid applicationUuid, EslEvent completion)
    {
        ApplicationUuid = applicationUuid;
        Completion = completion;
    }

    /// <summary>The Event-UUID EslKit sent, echoed by FreeSWITCH as Application-UUID.</summary>
    public Guid ApplicationUuid { get; }

    /// <summary>The CHANNEL_EXECUTE_COMPLETE event.</summary>
    public EslEvent Completion { get; }

    /// <summary>The application that ran.</summary>
    public string? Application => Completion["Application"];

    /// <summary>What the application reported (<c>Application-Response</c>), e.g. <c>FILE PLAYED</c>; <c>_none_</c> when nothing.</summary>
    public string? Response => Completion["Application-Response"];

    /// <inheritdoc />
    public override string ToString() => $"{Application} [{ApplicationUuid}] -> {Response}";
}
