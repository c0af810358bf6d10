namespace EslKit.Controller.Calls;

/// <summary>The local result journal (configuration section <c>Journal</c>): where call ends go while the database is away.</summary>
internal sealed class JournalOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Journal";

    /// <summary>The journal's folder; empty for <c>&lt;Storage:DataDirectory&gt;/journal</c>. Each instance writes its own file there.</summary>
    public string? Directory { get; set; }

    /// <summary>Most results the journal holds; past it a new result is dropped (logged and counted).</summary>
    public int MaxEntries { get; set; } = 100_000;

    /// <summary>How often the journal tries to replay while it holds results (milliseconds).</summary>
    public int ReplayMilliseconds { get; set; } = 1000;
}
