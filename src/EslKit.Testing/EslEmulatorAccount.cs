namespace EslKit.Testing;

/// <summary>
/// A directory user allowed to log in with <c>userauth user@domain:password</c>, with the
/// <c>esl-password</c>, <c>esl-allowed-events</c>, <c>esl-allowed-api</c> and <c>esl-allowed-log</c> params.
/// </summary>
/// <param name="Password">The <c>esl-password</c>.</param>
public sealed record EslEmulatorAccount(string Password)
{
    /// <summary>
    /// <c>esl-allowed-events</c>: event names separated by commas (or spaces), CUSTOM followed by the allowed
    /// subclasses, or <c>all</c>; null allows everything (the reply says <c>Allowed-Events: all</c>).
    /// </summary>
    public string? AllowedEvents { get; init; }

    /// <summary><c>esl-allowed-api</c>: API commands separated by commas (or spaces); null allows every command.</summary>
    public string? AllowedApi { get; init; }

    /// <summary><c>esl-allowed-log</c>: whether <c>log</c> is allowed.</summary>
    public bool AllowedLog { get; init; } = true;

    /// <summary>The restrictions; never the password.</summary>
    public override string ToString() =>
        $"EslEmulatorAccount {{ AllowedEvents = {AllowedEvents ?? "all"}, AllowedApi = {AllowedApi ?? "all"}, AllowedLog = {AllowedLog} }}";
}
