using System.Diagnostics;
using EslKit.Commands;
using EslKit.Connections;
using EslKit.Diagnostics;
using EslKit.Protocol;

namespace EslKit;

/// <content>api, bgapi and raw commands.</content>
public sealed partial class EslClient
{

    /// <summary>
    /// Runs <c>api &lt;command&gt; [arguments]</c> and returns FreeSWITCH's output. FreeSWITCH runs api
    /// commands one at a time per connection and blocks its side while they run: prefer
    /// <see cref="BgApiAsync(string, string?, CancellationToken)"/> for anything slow (originate!).
    /// </summary>
    /// <exception cref="EslConnectionLostException">Not connected, or the connection was lost before the reply.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <see cref="EslClientOptions.CommandTimeout"/>.</exception>
    /// <exception cref="EslValueRejectedException">The command or its arguments could break out of the command line.</exception>
    public Task<EslApiResponse> ApiAsync(string command, string? arguments = null, CancellationToken cancellationToken = default) =>
        SendApiAsync(EslCommands.Api(command, arguments), cancellationToken);

    /// <summary>Runs an api command built with <see cref="EslApi"/> (e.g. uuid_kill, uuid_audio_stream, originate).</summary>
    public Task<EslApiResponse> ApiAsync(EslApiCall call, CancellationToken cancellationToken = default) =>
        SendApiAsync(EslCommands.Api(call), cancellationToken);

    /// <summary>
    /// Runs <c>bgapi &lt;command&gt; [arguments]</c> with a Job-UUID chosen here, and completes when its
    /// BACKGROUND_JOB event arrives with the output. The connection keeps serving other commands meanwhile.
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused to start the job.</exception>
    /// <exception cref="EslConnectionLostException">Not connected, or the connection was lost before the job finished.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply, or no BACKGROUND_JOB within <see cref="EslClientOptions.BackgroundJobTimeout"/>.</exception>
    /// <exception cref="EslValueRejectedException">The command or its arguments could break out of the command line.</exception>
    public Task<EslBackgroundJob> BgApiAsync(string command, string? arguments = null, CancellationToken cancellationToken = default) =>
        SendBgApiAsync(jobUuid => EslCommands.BgApi(command, arguments, jobUuid), cancellationToken);

    /// <summary>Runs a built api command (e.g. <see cref="EslApi.Originate"/>) in the background; see <see cref="BgApiAsync(string, string?, CancellationToken)"/>.</summary>
    public Task<EslBackgroundJob> BgApiAsync(EslApiCall call, CancellationToken cancellationToken = default) =>
        SendBgApiAsync(jobUuid => EslCommands.BgApi(call, jobUuid), cancellationToken);

    /// <summary>Places a call (<c>bgapi originate …</c>): the job's body is <c>+OK &lt;uuid&gt;</c> or <c>-ERR &lt;cause&gt;</c>.</summary>
    public Task<EslBackgroundJob> OriginateAsync(EslOriginate originate, CancellationToken cancellationToken = default) =>
        SendBgApiAsync(jobUuid => EslCommands.BgApi(originate, jobUuid), cancellationToken);

    /// <summary>
    /// Sends <c>bgapi originate …</c> and returns as soon as FreeSWITCH has accepted it (its <c>+OK Job-UUID</c>
    /// reply: the switch has read the command), before the call's outcome, which <see cref="EslAcceptedJob.Result"/>
    /// brings (as <see cref="OriginateAsync"/> would). For callers that pace originates against the switch's
    /// sessions per second: the reply bounds when the switch counted the command.
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused to start the job.</exception>
    /// <exception cref="EslConnectionLostException">Not connected, or the connection was lost before the reply.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <see cref="EslClientOptions.CommandTimeout"/>.</exception>
    public Task<EslAcceptedJob> StartOriginateAsync(EslOriginate originate, CancellationToken cancellationToken = default) =>
        StartBgApiCoreAsync(jobUuid => EslCommands.BgApi(originate, jobUuid), cancellationToken);

    /// <summary>Sends a built api command as <c>bgapi</c> and returns once FreeSWITCH accepted it; see <see cref="StartOriginateAsync"/>.</summary>
    public Task<EslAcceptedJob> StartBgApiAsync(EslApiCall call, CancellationToken cancellationToken = default) =>
        StartBgApiCoreAsync(jobUuid => EslCommands.BgApi(call, jobUuid), cancellationToken);

    private async Task<EslApiResponse> SendApiAsync(EslApiCommand request, CancellationToken cancellationToken)
    {
        using var activity = StartActivity("api", request);
        try
        {
            var reply = await CurrentSession().Connection.SendAsync(request, "api", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            var response = new EslApiResponse(request.ToString(), reply);
            activity?.SetTag("esl.result", response.IsSuccess ? "ok" : "error");
            return response;
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private async Task<EslBackgroundJob> SendBgApiAsync(Func<Guid, EslBgApiCommand> create, CancellationToken cancellationToken)
    {
        var accepted = await StartBgApiCoreAsync(create, cancellationToken).ConfigureAwait(false);
        return await accepted.Result.ConfigureAwait(false);
    }

    // One activity per job, from the send to its BACKGROUND_JOB (or its failure).
    private async Task<EslAcceptedJob> StartBgApiCoreAsync(Func<Guid, EslBgApiCommand> create, CancellationToken cancellationToken)
    {
        var session = CurrentSession();
        var request = create(Guid.NewGuid());
        var activity = StartActivity("bgapi", request);
        activity?.SetTag("esl.job_uuid", request.JobUuid.ToString());
        EslAcceptedJob accepted;
        try
        {
            accepted = await _jobs.StartAsync(session.Connection, request, session, _options.CommandTimeout, _options.BackgroundJobTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity?.Dispose();
            throw;
        }

        return new EslAcceptedJob(accepted.JobUuid, FinishAsync(accepted.Result, activity));
    }

    private static async Task<EslBackgroundJob> FinishAsync(Task<EslBackgroundJob> result, Activity? activity)
    {
        using (activity)
        {
            try
            {
                var job = await result.ConfigureAwait(false);
                activity?.SetTag("esl.result", job.IsSuccess ? "ok" : "error");
                return job;
            }
            catch (Exception ex)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                throw;
            }
        }
    }

    /// <summary>
    /// Sends any command and returns the raw reply frame (a <c>command/reply</c>, or an
    /// <c>api/response</c> for api). For commands EslKit has no dedicated method for.
    /// </summary>
    /// <exception cref="EslConnectionLostException">Not connected, or the connection was lost before the reply.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <see cref="EslClientOptions.CommandTimeout"/>.</exception>
    public Task<EslMessage> SendAsync(IEslCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return CurrentSession().Connection.SendAsync(command, "command", _options.CommandTimeout, cancellationToken);
    }

    private Task<EslMessage> CommandAsync(IEslCommand command, string operation, CancellationToken cancellationToken) =>
        CurrentSession().Connection.SendCheckedAsync(command, operation, _options.CommandTimeout, cancellationToken);

    private Activity? StartActivity(string operation, IEslCommand command)
    {
        var activity = EslDiagnostics.ActivitySource.StartActivity($"esl {operation}", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("server.address", _options.Host);
            activity.SetTag("server.port", _options.Port);
            activity.SetTag("esl.command", command.ToString()); // the redacted rendering
        }

        return activity;
    }
}
