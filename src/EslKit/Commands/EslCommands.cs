using System.Collections.Immutable;
using EslKit.Protocol;

namespace EslKit.Commands;

/// <summary>
/// Creates every command EslKit sends. Each factory checks its values (CR, LF and NUL are refused
/// everywhere; see <see cref="EslRejectionReason"/>) and returns a readonly struct, so building and writing
/// a command allocates nothing. A refused value raises <see cref="EslValueRejectedException"/>, whose
/// message names the field and never contains the value.
/// </summary>
public static class EslCommands
{
    /// <summary><c>auth &lt;password&gt;</c>: the password as FreeSWITCH compares it (exactly, spaces included).</summary>
    public static EslAuthCommand Auth(string password)
    {
        var guard = default(EslHijackGuard);
        guard.Add(EslValues.Line(password, nameof(password), allowEmpty: false), nameof(password));
        return new EslAuthCommand(null, null, password);
    }

    /// <summary><c>userauth &lt;user&gt;@&lt;domain&gt;:&lt;password&gt;</c>: a directory user's <c>esl-password</c>.</summary>
    public static EslAuthCommand UserAuth(string user, string domain, string password)
    {
        // FreeSWITCH splits at the first '@', then at the first ':' after it: the user cannot hold '@' or
        // ':' and the domain cannot hold ':', but the password may hold both.
        EslValues.Name(user, nameof(user), EslValues.UserExtra);
        EslValues.Host(domain, nameof(domain), allowPort: false);
        var guard = default(EslHijackGuard);
        guard.Add(user, nameof(user));
        guard.Add(domain, nameof(domain));
        guard.Add(EslValues.Line(password, nameof(password), allowEmpty: false), nameof(password));
        return new EslAuthCommand(user, domain, password);
    }

    /// <summary>
    /// <c>api &lt;command&gt; [arguments]</c>, raw. <paramref name="command"/> is a command (<c>show</c>) or a
    /// whole command line as <c>fs_cli -x</c> takes it (<c>show channels</c>: the first word is the command, the
    /// rest its arguments, see <see cref="EslApiCall.Parse"/>); <paramref name="arguments"/>, if any, follow.
    /// Arguments are passed as they are (FreeSWITCH trims their ends, so leading/trailing blanks are refused).
    /// Prefer <see cref="EslApi"/>'s builders, which escape values for the command's own argument splitting.
    /// </summary>
    public static EslApiCommand Api(string command, string? arguments = null) => new(EslApiCall.Raw(command, arguments));

    /// <summary><c>api …</c> for a call built with <see cref="EslApi"/>.</summary>
    public static EslApiCommand Api(EslApiCall call) => new(Created(call));

    /// <summary><c>api originate …</c> (blocks the connection until the call is answered or fails: prefer <see cref="BgApi(EslOriginate, Guid)"/>).</summary>
    public static EslApiCommand Api(EslOriginate originate) => new(EslApiCall.Originate(originate));

    /// <summary><c>bgapi &lt;command&gt; [arguments]</c> with <c>Job-UUID: &lt;jobUuid&gt;</c>, raw; a whole command line works too (see <see cref="Api(string, string?)"/>).</summary>
    public static EslBgApiCommand BgApi(string command, string? arguments, Guid jobUuid) => new(EslApiCall.Raw(command, arguments), jobUuid);

    /// <summary><c>bgapi …</c> for a call built with <see cref="EslApi"/>, with <c>Job-UUID: &lt;jobUuid&gt;</c>.</summary>
    public static EslBgApiCommand BgApi(EslApiCall call, Guid jobUuid) => new(Created(call), jobUuid);

    /// <summary><c>bgapi originate …</c> with <c>Job-UUID: &lt;jobUuid&gt;</c>: the result arrives in a BACKGROUND_JOB event.</summary>
    public static EslBgApiCommand BgApi(EslOriginate originate, Guid jobUuid) => new(EslApiCall.Originate(originate), jobUuid);

    /// <summary><c>event &lt;format&gt; &lt;names…&gt;</c>, e.g. <c>event plain CHANNEL_ANSWER BACKGROUND_JOB</c>.</summary>
    public static EslEventCommand Event(EslEventFormat format, params ImmutableArray<EslEventName> names) => new(false, format, names, []);

    /// <summary><c>event &lt;format&gt; &lt;names…&gt; CUSTOM &lt;subclasses…&gt;</c>, e.g. <c>event plain CUSTOM sofia::gateway_state</c>.</summary>
    public static EslEventCommand Event(EslEventFormat format, ImmutableArray<EslEventName> names, ImmutableArray<string> customSubclasses) =>
        new(false, format, names, customSubclasses);

    /// <summary><c>nixevent &lt;names…&gt;</c>: stop receiving these events.</summary>
    public static EslEventCommand NixEvent(params ImmutableArray<EslEventName> names) => new(true, default, names, []);

    /// <summary><c>nixevent &lt;names…&gt; CUSTOM &lt;subclasses…&gt;</c>.</summary>
    public static EslEventCommand NixEvent(ImmutableArray<EslEventName> names, ImmutableArray<string> customSubclasses) => new(true, default, names, customSubclasses);

    /// <summary><c>noevents</c>: stop receiving all events.</summary>
    public static EslControlCommand NoEvents() => EslControlCommand.NoEvents();

    /// <summary><c>myevents [uuid] [format]</c>: the events of one channel (the socket's own when <paramref name="uuid"/> is null).</summary>
    public static EslMyEventsCommand MyEvents(Guid? uuid = null, EslEventFormat? format = null) => new(uuid, format);

    /// <summary><c>divert_events on|off</c>: deliver the session's own queued events (sent with sendevent to its uuid) on this socket.</summary>
    public static EslControlCommand DivertEvents(bool on) => EslControlCommand.DivertEvents(on);

    /// <summary><c>filter &lt;header&gt; &lt;value&gt;</c>: receive only events whose header matches (a value starting with <c>/</c> is a regex).</summary>
    public static EslFilterCommand FilterAdd(string header, string value) => new(delete: false, EslValues.NotNull(header, nameof(header)), EslValues.NotNull(value, nameof(value)));

    /// <summary><c>filter delete &lt;header&gt; [value]</c>: remove one filter, or every filter on the header.</summary>
    public static EslFilterCommand FilterDelete(string header, string? value = null) => new(delete: true, EslValues.NotNull(header, nameof(header)), value);

    /// <summary><c>filter delete all</c>.</summary>
    public static EslFilterCommand FilterDeleteAll() => new(delete: true, null, null);

    /// <summary><c>linger [seconds]</c>: keep the socket open after hangup to receive the last events (forever when null).</summary>
    public static EslControlCommand Linger(int? seconds = null) => EslControlCommand.Linger(seconds);

    /// <summary><c>nolinger</c>.</summary>
    public static EslControlCommand NoLinger() => EslControlCommand.NoLinger();

    /// <summary><c>log &lt;level&gt;</c>: receive FreeSWITCH's log lines up to that level as <c>log/data</c> frames.</summary>
    public static EslControlCommand Log(EslLogLevel level) => EslControlCommand.Log(level);

    /// <summary><c>nolog</c>.</summary>
    public static EslControlCommand NoLog() => EslControlCommand.NoLog();

    /// <summary><c>sendevent &lt;NAME&gt;</c> with headers and an optional body.</summary>
    /// <param name="name">The event (not <c>ALL</c>); for <c>CUSTOM</c> prefer <see cref="SendCustomEvent"/>.</param>
    /// <param name="headers">Header lines in order: names of letters, digits, <c>_ . -</c>; values literal (no line breaks, no leading/trailing blanks).</param>
    /// <param name="body">A body of any text without NUL (given a <c>content-length</c>), or null.</param>
    public static EslSendEventCommand SendEvent(EslEventName name, ImmutableArray<KeyValuePair<string, string>> headers = default, string? body = null) =>
        new(name, null, headers, body);

    /// <summary><c>sendevent CUSTOM</c> with <c>Event-Subclass: &lt;subclass&gt;</c>, headers and an optional body.</summary>
    public static EslSendEventCommand SendCustomEvent(string subclass, ImmutableArray<KeyValuePair<string, string>> headers = default, string? body = null) =>
        new(EslEventName.Custom, EslValues.NotNull(subclass, nameof(subclass)), headers, body);

    /// <summary>
    /// <c>sendmsg [uuid]</c> / <c>call-command: execute</c>: run an application on the channel (the
    /// socket's own channel when <paramref name="uuid"/> is null). The argument is sent literally; with a
    /// line break or a leading blank (or <see cref="EslExecuteOptions.ArgumentInBody"/>) as the body.
    /// FreeSWITCH expands <c>${…}</c> in application arguments when it runs them: pass user data only
    /// through the escaping builders (<see cref="EslApi"/>, <see cref="EslOriginate"/>).
    /// </summary>
    public static EslSendMsgCommand SendMsgExecute(Guid? uuid, string application, string? argument = null, EslExecuteOptions options = default) =>
        EslSendMsgCommand.Execute(uuid, application, argument, options);

    /// <summary><c>sendmsg [uuid]</c> / <c>call-command: execute</c> for an <see cref="EslApplication"/>.</summary>
    public static EslSendMsgCommand SendMsgExecute(Guid? uuid, EslApplication application, EslExecuteOptions options = default) =>
        EslSendMsgCommand.Execute(uuid, application.Name, application.Argument, options);

    /// <summary><c>sendmsg [uuid]</c> / <c>call-command: hangup</c> with <c>hangup-cause</c>.</summary>
    public static EslSendMsgCommand SendMsgHangup(Guid? uuid, string cause = "NORMAL_CLEARING") => EslSendMsgCommand.Hangup(uuid, cause);

    /// <summary><c>sendmsg [uuid]</c> / <c>call-command: hangup</c> with <c>hangup-cause: &lt;cause&gt;</c>.</summary>
    public static EslSendMsgCommand SendMsgHangup(Guid? uuid, EslHangupCause cause) =>
        EslSendMsgCommand.Hangup(uuid, (cause ?? throw new ArgumentNullException(nameof(cause))).Name);

    /// <summary><c>sendmsg [uuid]</c> / <c>call-command: unicast</c>: mirror the channel's audio to a UDP/TCP endpoint.</summary>
    public static EslSendMsgCommand SendMsgUnicast(Guid? uuid, string localIp, int localPort, string remoteIp, int remotePort, EslUnicastTransport transport = EslUnicastTransport.Udp, bool native = false) =>
        EslSendMsgCommand.Unicast(uuid, localIp, localPort, remoteIp, remotePort, transport, native);

    /// <summary><c>sendmsg [uuid]</c> / <c>call-command: nomedia</c> with <c>nomedia-uuid</c>: take the media path off FreeSWITCH.</summary>
    public static EslSendMsgCommand SendMsgNoMedia(Guid? uuid, Guid nomediaUuid) => EslSendMsgCommand.NoMedia(uuid, nomediaUuid);

    /// <summary><c>connect</c>: the first command on an outbound socket; the reply carries the channel's data.</summary>
    public static EslControlCommand Connect() => EslControlCommand.Connect();

    /// <summary><c>getvar &lt;name&gt;</c>: a variable of the socket's channel (outbound, or after myevents).</summary>
    public static EslControlCommand GetVar(string name) => EslControlCommand.GetVar(name);

    /// <summary><c>resume</c>: when the socket ends, let the dialplan continue.</summary>
    public static EslControlCommand Resume() => EslControlCommand.Resume();

    /// <summary><c>exit</c>: FreeSWITCH answers <c>+OK bye</c> and closes the connection.</summary>
    public static EslControlCommand Exit() => EslControlCommand.Exit();

    private static EslApiCall Created(EslApiCall call) =>
        call.IsCreated ? call : throw new ArgumentException("The API call was not created by EslApi or EslCommands.", nameof(call));
}
