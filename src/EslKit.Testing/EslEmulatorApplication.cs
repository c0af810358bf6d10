namespace EslKit.Testing;

/// <summary>
/// What an application does on an emulated channel when a <c>sendmsg</c> executes it. It runs between the
/// application's CHANNEL_EXECUTE and CHANNEL_EXECUTE_COMPLETE; the value it returns, when not null, becomes the
/// channel variable <c>current_application_response</c>, which FreeSWITCH reports as <c>Application-Response</c>
/// (<c>_none_</c> when no application set it).
/// </summary>
/// <param name="context">The application's name, argument and uuid, and what it can do to the channel.</param>
/// <param name="cancellationToken">Cancelled when the channel hangs up (or the emulator stops): return then.</param>
public delegate ValueTask<string?> EslEmulatorApplication(EslEmulatorApplicationContext context, CancellationToken cancellationToken);

/// <summary>One run of an application on an emulated outbound call (see <see cref="EslEmulatorApplication"/>).</summary>
public sealed class EslEmulatorApplicationContext
{
    internal EslEmulatorApplicationContext(EslEmulatorOutboundCall call, string name, string? argument, string applicationUuid, bool eventLock, EslReceivedCommand? message)
    {
        Call = call;
        Name = name;
        Argument = argument;
        ApplicationUuid = applicationUuid;
        EventLock = eventLock;
        Message = message;
    }

    /// <summary>The call it runs on.</summary>
    public EslEmulatorOutboundCall Call { get; }

    /// <summary>The application's name as sent (<c>execute-app-name</c>).</summary>
    public string Name { get; }

    /// <summary>Its argument (<c>execute-app-arg</c>, or the body with <c>content-type: text/plain</c>), or null.</summary>
    public string? Argument { get; }

    /// <summary>The <c>Application-UUID</c> of its execute events: the message's <c>Event-UUID</c>, or a new uuid.</summary>
    public string ApplicationUuid { get; }

    /// <summary>True when the message asked for <c>event-lock</c>: later messages wait until this one completes.</summary>
    public bool EventLock { get; }

    /// <summary>The <c>sendmsg</c> that ran it.</summary>
    public EslReceivedCommand? Message { get; }

    /// <summary>Sets a channel variable as FreeSWITCH does (the header moves to the end; an empty value unsets it).</summary>
    public void SetVariable(string name, string value) => Call.SetVariable(name, value);

    /// <summary>A channel variable, or null.</summary>
    public string? GetVariable(string name) => Call.GetVariable(name);

    /// <summary>Answers the channel if it is not answered yet: CHANNEL_ANSWER, then CHANNEL_CALLSTATE to ACTIVE.</summary>
    public ValueTask AnswerAsync(CancellationToken cancellationToken = default) => Call.AnswerCoreAsync(cancellationToken);

    /// <summary>
    /// Waits on the emulator's clock (<see cref="EslEmulatorOptions.TimeProvider"/>); throws
    /// <see cref="OperationCanceledException"/> when the channel hangs up meanwhile.
    /// </summary>
    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken) => Call.DelayAsync(duration, cancellationToken);

    /// <summary>Fires an event of this channel (see <see cref="EslEmulatorOutboundCall.CreateEvent"/>).</summary>
    public ValueTask PublishAsync(EslEmulatorEvent ev, CancellationToken cancellationToken = default) => Call.PublishAsync(ev, cancellationToken);

    /// <summary>Hangs the channel up from inside the application (as the <c>hangup</c> application does).</summary>
    public ValueTask HangupAsync(string cause = "NORMAL_CLEARING") => Call.HangupAsync(cause);

    /// <summary>
    /// Runs the emulator's built-in behaviour for this application (e.g. a scripted <c>answer</c> that sets a few
    /// variables first, then answers as usual) and returns its response.
    /// </summary>
    /// <exception cref="InvalidOperationException">The emulator has no built-in application of that name.</exception>
    public ValueTask<string?> RunBuiltInAsync(CancellationToken cancellationToken) => Call.RunBuiltInAsync(this, cancellationToken);
}
