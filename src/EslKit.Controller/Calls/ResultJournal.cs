using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using EslKit.Controller.Campaigns.Dispatch;
using EslKit.Controller.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EslKit.Controller.Calls;

/// <summary>
/// The local journal of call results written while the database is away: one JSON line per end, appended and
/// fsync'd before the append returns, in <c>&lt;Journal:Directory&gt;/&lt;instance id&gt;.jsonl</c>, a file this
/// process holds exclusively. It holds at most <see cref="JournalOptions.MaxEntries"/> results; past the bound a
/// new result is dropped — logged with its call id and attempt and counted (<c>eslkit.controller.journal.dropped</c>)
/// — and that call's log is later closed by reconciliation as <c>NODE_LOST</c>. <see cref="JournalReplayer"/>
/// replays it when the database is back, removing what it wrote; journals left by processes that died (files
/// nobody holds) are replayed and deleted too. Depth: <c>eslkit.controller.journal.depth</c>.
/// </summary>
internal sealed class ResultJournal : IDisposable
{
    private static readonly ConcurrentDictionary<ResultJournal, byte> Open = new();
    private static readonly ObservableGauge<long> DepthGauge = ControllerDiagnostics.Meter.CreateObservableGauge(
        "eslkit.controller.journal.depth", () => Open.Keys.Sum(j => (long)j.Depth), "{result}", "Call results in the local journal waiting for the database.");

    private static readonly Counter<long> Journalled =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.journal.written", "{result}", "Call results written to the local journal (the database was away).");

    private static readonly Counter<long> Dropped =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.journal.dropped", "{result}", "Call results dropped because the local journal was full.");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly JournalOptions _options;
    private readonly ILogger<ResultJournal> _logger;
    private readonly string _path;
    private FileStream? _file;
    private int _depth;

    public ResultJournal(IOptions<JournalOptions> options, IOptions<DispatcherOptions> dispatcher, ILogger<ResultJournal> logger)
    {
        _options = options.Value;
        _logger = logger;
        Directory = Path.GetFullPath(_options.Directory ?? Path.Combine(".data", "journal"));
        _path = Path.Combine(Directory, FileNameFor(dispatcher.Value.InstanceId));
        _ = DepthGauge; // the gauge exists once any journal does
    }

    /// <summary>The folder holding every instance's journal file.</summary>
    public string Directory { get; }

    /// <summary>This instance's journal file.</summary>
    public string FilePath => _path;

    /// <summary>Results waiting in this instance's journal.</summary>
    public int Depth => Volatile.Read(ref _depth);

    /// <summary>The journal's bound.</summary>
    public int MaxEntries => _options.MaxEntries;

    /// <summary>Appends a result and flushes it to disk; false when the journal is full and the result was dropped.</summary>
    public async Task<bool> AppendAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        byte[] line = Serialize(entry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_depth >= _options.MaxEntries)
            {
                Dropped.Add(1);
                JournalLog.Dropped(_logger, entry.End.CallId, entry.End.Attempt, _options.MaxEntries);
                return false;
            }

            var file = OpenFile();
            file.Seek(0, SeekOrigin.End);
            await file.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            Volatile.Write(ref _depth, _depth + 1);
        }
        finally
        {
            _gate.Release();
        }

        Journalled.Add(1);
        JournalLog.Journalled(_logger, entry.End.CallId, entry.End.Attempt, Depth);
        return true;
    }

    /// <summary>The results in this instance's journal, oldest first (what a replay works through).</summary>
    public async Task<IReadOnlyList<JournalEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _file is null && !File.Exists(_path) ? [] : ReadEntries(OpenFile());
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the <paramref name="count"/> oldest results (replayed); results appended meanwhile stay.</summary>
    public async Task RemoveOldestAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var file = OpenFile();
            var lines = ReadLines(file);
            var rest = lines.Skip(count).ToList();
            file.SetLength(0);
            foreach (byte[] line in rest)
            {
                file.Write(line);
                file.WriteByte((byte)'\n');
            }

            file.Flush(flushToDisk: true);
            Volatile.Write(ref _depth, rest.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens this instance's file if it exists (a journal left by an earlier run) and counts its results.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (File.Exists(_path))
            {
                Volatile.Write(ref _depth, ReadLines(OpenFile()).Count);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Journals of other processes that are not running any more (files in the folder nobody holds), opened
    /// exclusively: the caller replays them and deletes them.
    /// </summary>
    public IEnumerable<(string Path, FileStream File)> OpenOrphans()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            yield break;
        }

        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "*.jsonl"))
        {
            if (string.Equals(Path.GetFullPath(path), _path, StringComparison.Ordinal))
            {
                continue;
            }

            FileStream? file = null;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Held by a running instance (or gone meanwhile).
            }

            if (file is not null)
            {
                yield return (path, file);
            }
        }
    }

    /// <summary>Reads a journal file's results.</summary>
    public static IReadOnlyList<JournalEntry> ReadEntries(FileStream file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var entries = new List<JournalEntry>();
        foreach (byte[] line in ReadLines(file))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalEntry) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A line cut short by a crash mid-write: its append never returned, so nobody relied on it.
            }
        }

        return entries;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Open.TryRemove(this, out _);
        _file?.Dispose();
        _gate.Dispose();
    }

    private static byte[] Serialize(JournalEntry entry)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJsonContext.Default.JournalEntry);
        byte[] line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    private static List<byte[]> ReadLines(FileStream file)
    {
        file.Seek(0, SeekOrigin.Begin);
        byte[] all = new byte[file.Length];
        file.ReadExactly(all);
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == (byte)'\n')
            {
                if (i > start)
                {
                    lines.Add(all[start..i]);
                }

                start = i + 1;
            }
        }

        return lines; // a last line without its newline was never fully appended
    }

    // Instance ids may hold any character: keep a safe file name.
    private static string FileNameFor(string instanceId)
    {
        var name = new StringBuilder(instanceId.Length);
        foreach (char c in instanceId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return name.Append(".jsonl").ToString();
    }

    private FileStream OpenFile()
    {
        if (_file is null)
        {
            System.IO.Directory.CreateDirectory(Directory);
            _file = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            Open.TryAdd(this, 0);
        }

        return _file;
    }
}
