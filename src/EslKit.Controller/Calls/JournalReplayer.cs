using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using EslKit.Controller.Storage;

namespace EslKit.Controller.Calls;

/// <summary>
/// Replays the local journal (<see cref="ResultJournal"/>) while it holds results: every
/// <see cref="JournalOptions.ReplayMilliseconds"/> it writes them in order through <see cref="CallEndRecorder"/>
/// (idempotent per call id and attempt, so a result written twice changes nothing) and removes what was written;
/// it stops at the first one the database is still away for. At start it also picks up its own file from an earlier
/// run and the files of instances that died (nobody holds them), which it deletes once replayed.
/// </summary>
internal sealed class JournalReplayer(ResultJournal journal, CallEndRecorder ends, IOptions<JournalOptions> options, TimeProvider time, ILogger<JournalReplayer> logger)
    : BackgroundService
{
    /// <summary>One pass (the loop's step; also for tests): true when nothing is left to replay.</summary>
    public async Task<bool> ReplayOnceAsync(CancellationToken cancellationToken)
    {
        bool done = await ReplayOwnAsync(cancellationToken).ConfigureAwait(false);
        foreach (var (path, file) in journal.OpenOrphans())
        {
            bool replayed;
            await using (file.ConfigureAwait(false))
            {
                (_, replayed) = await ReplayEntriesAsync(ResultJournal.ReadEntries(file), path, cancellationToken).ConfigureAwait(false);
            }

            if (replayed)
            {
                File.Delete(path);
            }

            done &= replayed;
        }

        return done;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await journal.LoadAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            JournalLog.Discarded(logger, Guid.Empty, 0, ex);
        }

        var every = TimeSpan.FromMilliseconds(options.Value.ReplayMilliseconds);
        bool first = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (first || journal.Depth > 0)
            {
                try
                {
                    await ReplayOnceAsync(stoppingToken).ConfigureAwait(false);
                    first = false;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    JournalLog.Discarded(logger, Guid.Empty, 0, ex);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }

            try
            {
                await Task.Delay(every, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> ReplayOwnAsync(CancellationToken cancellationToken)
    {
        if (journal.Depth == 0)
        {
            return true;
        }

        var entries = await journal.ReadAsync(cancellationToken).ConfigureAwait(false);
        var (written, complete) = await ReplayEntriesAsync(entries, journal.FilePath, cancellationToken).ConfigureAwait(false);
        await journal.RemoveOldestAsync(written, cancellationToken).ConfigureAwait(false);
        return complete && journal.Depth == 0;
    }

    // Writes entries in order; returns how many were handled (written or discarded) and whether all were.
    private async Task<(int Handled, bool Complete)> ReplayEntriesAsync(IReadOnlyList<JournalEntry> entries, string file, CancellationToken cancellationToken)
    {
        int handled = 0;
        foreach (var entry in entries)
        {
            try
            {
                await ends.ReplayAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex))
            {
                break; // still away: the rest waits for the next pass
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                JournalLog.Discarded(logger, entry.End.CallId, entry.End.Attempt, ex);
            }

            handled++;
        }

        if (handled > 0)
        {
            JournalLog.Replayed(logger, handled, Path.GetFileName(file));
        }

        return (handled, handled == entries.Count);
    }
}
