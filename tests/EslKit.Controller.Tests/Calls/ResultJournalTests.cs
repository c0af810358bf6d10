using System.Text;
using EslKit.Controller.Calls;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Tests.Calls;

/// <summary>
/// The local result journal on a real file: results survive a new process (read back in order), the bound drops
/// what comes past it, replayed results are removed while later ones stay, a line cut short by a crash is
/// ignored, and a journal nobody holds (its process died) is found as an orphan while a held one is not.
/// </summary>
public sealed class ResultJournalTests : IDisposable
{
    private readonly string _folder = TestFolders.Create("eslkit-journal-test");

    private ResultJournal Journal(string instance = "inst-a", int max = 100) => new(
        Options.Create(new JournalOptions { Directory = _folder, MaxEntries = max }),
        Options.Create(new DispatcherOptions { InstanceId = instance }),
        NullLogger<ResultJournal>.Instance);

    private static JournalEntry Entry(int attempt, string kind = JournalEntry.Hangup) => new(
        kind,
        "inbound",
        new CallEnd(Guid.Parse("0b7e4c1e-0000-4000-8000-000000000001"), attempt, Guid.NewGuid(), DateTimeOffset.UnixEpoch.AddSeconds(100), DateTimeOffset.UnixEpoch.AddSeconds(103), 4, 3, "NORMAL_CLEARING", "200", "fs1"));

    [Fact]
    public async Task Results_are_read_back_in_order_by_a_later_process_and_removed_once_replayed()
    {
        using (var journal = Journal())
        {
            for (int i = 1; i <= 3; i++)
            {
                Assert.True(await journal.AppendAsync(Entry(i), default));
            }

            Assert.Equal(3, journal.Depth);
        }

        using var again = Journal();
        await again.LoadAsync(default);
        Assert.Equal(3, again.Depth);
        var entries = await again.ReadAsync(default);
        Assert.Equal(new[] { 1, 2, 3 }, entries.Select(e => e.End.Attempt));
        Assert.Equal(Entry(1).End with { ChannelUuid = entries[0].End.ChannelUuid }, entries[0].End);

        await again.RemoveOldestAsync(2, default);
        Assert.Equal(1, again.Depth);
        Assert.True(await again.AppendAsync(Entry(4, JournalEntry.Originate), default));
        Assert.Equal(new[] { (3, JournalEntry.Hangup), (4, JournalEntry.Originate) }, (await again.ReadAsync(default)).Select(e => (e.End.Attempt, e.Kind)));
    }

    [Fact]
    public async Task Past_its_bound_a_result_is_dropped_and_the_journal_keeps_what_it_had()
    {
        string path;
        using (var journal = Journal(max: 2))
        {
            Assert.True(await journal.AppendAsync(Entry(1), default));
            Assert.True(await journal.AppendAsync(Entry(2), default));
            Assert.False(await journal.AppendAsync(Entry(3), default));
            Assert.Equal(2, journal.Depth);
            Assert.Equal(new[] { 1, 2 }, (await journal.ReadAsync(default)).Select(e => e.End.Attempt));
            path = journal.FilePath;
        }

        Assert.Equal(2, File.ReadAllLines(path).Length); // what reached the disk
    }

    [Fact]
    public async Task A_line_cut_short_by_a_crash_is_ignored_and_orphans_are_only_journals_nobody_holds()
    {
        string deadFile;
        using (var dead = Journal("dead-instance"))
        {
            Assert.True(await dead.AppendAsync(Entry(1), default));
            deadFile = dead.FilePath;
        }

        // A crash mid-write: a broken line, then a line without its newline.
        await File.AppendAllTextAsync(deadFile, "{\"kind\":\"hang\n{\"kind\":\"originate\",\"sou", Encoding.UTF8);
        using var live = Journal("live-instance");
        Assert.True(await live.AppendAsync(Entry(7), default));
        using var observer = Journal("observer");

        var orphans = observer.OpenOrphans().ToList();
        try
        {
            var (path, file) = Assert.Single(orphans);
            Assert.Equal(deadFile, path);
            Assert.Equal(new[] { 1 }, ResultJournal.ReadEntries(file).Select(e => e.End.Attempt));
        }
        finally
        {
            foreach (var (_, file) in orphans)
            {
                await file.DisposeAsync();
            }
        }
    }

    public void Dispose() => TestFolders.Delete(_folder);
}
