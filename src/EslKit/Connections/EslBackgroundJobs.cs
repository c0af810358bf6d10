using System.Collections.Concurrent;
using System.Diagnostics;
using EslKit.Commands;
using EslKit.Diagnostics;
using EslKit.Protocol;
using Microsoft.Extensions.Logging;

namespace EslKit.Connections;

/// <summary>
/// The bgapi jobs of one client or session that wait for their BACKGROUND_JOB event, keyed by the
/// Job-UUID EslKit chose. Each job completes, fails or times out exactly once.
/// </summary>
internal sealed class EslBackgroundJobs(ILogger logger)
{
    private readonly ConcurrentDictionary<Guid, Job> _jobs = new();

    /// <summary>
    /// Sends <paramref name="command"/> over <paramref name="connection"/> and waits for its BACKGROUND_JOB.
    /// The job is registered before the bgapi is written, so an early BACKGROUND_JOB still finds it, and
    /// forgotten however the wait ends.
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused the bgapi itself.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <paramref name="replyTimeout"/>, or no BACKGROUND_JOB within <paramref name="jobTimeout"/>.</exception>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public async Task<EslBackgroundJob> RunAsync(EslConnection connection, EslBgApiCommand command, object owner, TimeSpan replyTimeout, TimeSpan jobTimeout, CancellationToken cancellationToken)
    {
        var accepted = await StartAsync(connection, command, owner, replyTimeout, jobTimeout, cancellationToken).ConfigureAwait(false);
        return await accepted.Result.ConfigureAwait(false);
    }

    /// <summary>
    /// Sends <paramref name="command"/> and returns once FreeSWITCH accepted it (<c>+OK Job-UUID</c>), with the
    /// wait for its BACKGROUND_JOB already running (<see cref="EslAcceptedJob.Result"/>).
    /// </summary>
    /// <exception cref="EslCommandFailedException">FreeSWITCH refused the bgapi itself.</exception>
    /// <exception cref="EslCommandTimeoutException">No reply within <paramref name="replyTimeout"/>.</exception>
    /// <exception cref="EslConnectionLostException">The connection ended first.</exception>
    public async Task<EslAcceptedJob> StartAsync(EslConnection connection, EslBgApiCommand command, object owner, TimeSpan replyTimeout, TimeSpan jobTimeout, CancellationToken cancellationToken)
    {
        var jobUuid = command.JobUuid;
        var job = new Job(owner);
        _jobs[jobUuid] = job;
        long started = Stopwatch.GetTimestamp();
        try
        {
            await connection.SendCheckedAsync(command, "bgapi.reply", replyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _jobs.TryRemove(jobUuid, out _);
            throw;
        }

        return new EslAcceptedJob(jobUuid, WaitAsync(job, command, jobTimeout, started, cancellationToken));
    }

    private async Task<EslBackgroundJob> WaitAsync(Job job, EslBgApiCommand command, TimeSpan jobTimeout, long started, CancellationToken cancellationToken)
    {
        try
        {
            EslEvent done;
            try
            {
                done = await job.Result.Task.WaitPreferringResultAsync(jobTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                EslDiagnostics.RecordDuration("bgapi", "timeout", started);
                throw new EslCommandTimeoutException(command.ToString(), jobTimeout);
            }

            var result = new EslBackgroundJob(command.ToString(), command.JobUuid, done);
            EslDiagnostics.RecordDuration("bgapi", result.IsSuccess ? "ok" : "error", started);
            return result;
        }
        finally
        {
            _jobs.TryRemove(command.JobUuid, out _);
        }
    }

    /// <summary>
    /// Called on the read loop for a BACKGROUND_JOB event; true when it completed a waiting job. The event
    /// built for the job is left in <paramref name="materialised"/>, for the subscriptions that also want it.
    /// </summary>
    public bool TryComplete(ref EslEventView view, ref EslEvent? materialised)
    {
        if (!view.TryGetGuid(EslHeaderNames.JobUuid, out var jobUuid))
        {
            return false;
        }

        if (!_jobs.TryRemove(jobUuid, out var job))
        {
            EslLog.UnmatchedJob(logger, jobUuid);
            return false;
        }

        try
        {
            job.Result.TrySetResult(materialised ??= view.ToEvent());
        }
        catch (EslProtocolException ex)
        {
            job.SetException(ex);
        }

        return true;
    }

    /// <summary>Fails the jobs of <paramref name="owner"/> (every job when null).</summary>
    public void Fail(object? owner, Exception error)
    {
        foreach (var (jobUuid, job) in _jobs)
        {
            if ((owner is null || ReferenceEquals(job.Owner, owner)) && _jobs.TryRemove(jobUuid, out _))
            {
                job.SetException(error);
            }
        }
    }

    /// <summary>Waits for every running job to end, or the timeout.</summary>
    public async Task WaitAllAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var running = _jobs.Values.Select(j => (Task)j.Result.Task).ToArray();
        if (running.Length > 0)
        {
            await Task.WhenAll(running).WaitAsync(timeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private sealed class Job(object owner)
    {
        public object Owner { get; } = owner;

        public TaskCompletionSource<EslEvent> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The caller may have stopped waiting (its bgapi reply failed first): mark the failure observed, so
        // it never surfaces as an UnobservedTaskException. A caller still waiting gets it as usual.
        public void SetException(Exception error)
        {
            if (Result.TrySetException(error))
            {
                _ = Result.Task.Exception;
            }
        }
    }
}
