namespace EslKit.Testing;

/// <summary>An <c>api</c> or <c>bgapi</c> command handed to a handler registered with <see cref="EslSwitchEmulator.OnApi"/>.</summary>
public sealed class EslApiRequest
{
    internal EslApiRequest(string command, string arguments, EslEmulatorConnection? connection, string? jobUuid, DateTimeOffset receivedAt, List<Func<Task>>? continuations = null)
    {
        ReceivedAt = receivedAt;
        Continuations = continuations;
        Command = command;
        Arguments = arguments;
        Connection = connection;
        JobUuid = jobUuid;
    }

    /// <summary>The command (first word), whitespace-trimmed, e.g. <c>originate</c>.</summary>
    public string Command { get; }

    /// <summary>Everything after the first space, whitespace-trimmed (empty when there is none).</summary>
    public string Arguments { get; }

    /// <summary>The connection that sent it (null when the emulator itself runs an API, e.g. <c>api bgapi …</c>'s inner command).</summary>
    public EslEmulatorConnection? Connection { get; }

    /// <summary>
    /// When the emulator read the command (its clock). For <c>bgapi</c> that is when the command arrived, not when its
    /// job's thread got to run it: on a loaded machine the two can be far apart.
    /// </summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The Job-UUID when run as <c>bgapi</c>, else null.</summary>
    public string? JobUuid { get; }

    // What the switch does after the reply (or BACKGROUND_JOB) is out, e.g. the rest of a failed leg's hangup.
    internal List<Func<Task>>? Continuations { get; }

    /// <summary>True for <c>bgapi</c>.</summary>
    public bool IsBackground => JobUuid is not null;

    /// <summary>The arguments split on spaces (empty items removed).</summary>
    public IReadOnlyList<string> Argv => Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc />
    public override string ToString() => IsBackground ? $"bgapi {Command} (Job-UUID {JobUuid})" : $"api {Command}";
}
