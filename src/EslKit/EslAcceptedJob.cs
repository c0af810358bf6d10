namespace EslKit;

/// <summary>
/// A <c>bgapi</c> job FreeSWITCH has accepted: it read the command and answered <c>+OK Job-UUID</c>; the job's
/// output (its BACKGROUND_JOB) comes later, in <see cref="Result"/>. Returned by
/// <see cref="EslClient.StartOriginateAsync"/> and <see cref="EslClient.StartBgApiAsync"/>, for
/// callers that must know when the switch has the command — e.g. to pace originates against its sessions per
/// second — long before a call's outcome.
/// </summary>
public sealed class EslAcceptedJob
{
    internal EslAcceptedJob(Guid jobUuid, Task<EslBackgroundJob> result)
    {
        JobUuid = jobUuid;
        Result = result;
    }

    /// <summary>The Job-UUID (chosen by EslKit and sent with the command).</summary>
    public Guid JobUuid { get; }

    /// <summary>
    /// The job's BACKGROUND_JOB, already being waited for. Always await it: it fails as the one-call methods do —
    /// <see cref="EslCommandTimeoutException"/> (no BACKGROUND_JOB within the client's
    /// <see cref="EslClientOptions.BackgroundJobTimeout"/>), <see cref="EslConnectionLostException"/>, or
    /// <see cref="OperationCanceledException"/> when the token given to the start is cancelled.
    /// </summary>
    public Task<EslBackgroundJob> Result { get; }

    /// <inheritdoc />
    public override string ToString() => $"bgapi job {JobUuid}";
}
