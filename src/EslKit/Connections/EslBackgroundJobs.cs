using System.Collections.Concurrent;
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

    /// <summary>Registers a job before its bgapi is sent, so an early BACKGROUND_JOB still finds it.</summary>
    public Task<EslEvent> Register(Guid jobUuid, object owner)
    {
        var job = new Job(owner);
        _jobs[jobUuid] = job;
        return job.Result.Task;
    }

    public void Forget(Guid jobUuid) => _jobs.TryRemove(jobUuid, out _);

    /// <summary>Called on the read loop for a BACKGROUND_JOB event; true when it completed a waiting job.</summary>
    public bool TryComplete(ref EslEventView view)
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
            job.Result.TrySetResult(view.ToEvent());
        }
        catch (EslProtocolException ex)
        {
            job.Result.TrySetException(ex);
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
                job.Result.TrySetException(error);
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
    }
}
