namespace EslKit.Controller.WebConsole;

/// <summary>The web console's settings (configuration section <c>Console</c>).</summary>
internal sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Console";

    /// <summary>
    /// Where the keys that protect the session and antiforgery cookies are kept. Unset with the embedded cluster:
    /// <c>&lt;DataDirectory&gt;/console-keys</c>; unset otherwise: in memory (sessions end when the process does).
    /// Instances behind one load balancer share a folder here.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>How long a console session lasts without use, in minutes (default 480).</summary>
    public int SessionMinutes { get; set; } = 480;

    /// <summary>How often the live progress view is pushed, in milliseconds (default 1000).</summary>
    public int ProgressIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Rows per call-log page (default 50).</summary>
    public int CallLogPageSize { get; set; } = 50;
}
