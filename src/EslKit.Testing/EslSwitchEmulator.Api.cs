using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

public sealed partial class EslSwitchEmulator
{
    private readonly ConcurrentDictionary<string, Func<EslApiRequest, CancellationToken, ValueTask<string>>> _apis = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, byte> _jobs = new();

    /// <summary>
    /// Answers <c>api</c>/<c>bgapi</c> <paramref name="command"/> (its first word, any arguments) with
    /// <paramref name="body"/>, sent exactly as given: end it with <c>\n</c> where FreeSWITCH would. An
    /// empty body makes <c>api</c> answer <c>-ERR no reply\n</c> (FreeSWITCH never sends an empty api/response).
    /// </summary>
    public void SetApiResponse(string command, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        OnApi(command, (_, _) => ValueTask.FromResult(body));
    }

    /// <summary>
    /// Runs <paramref name="handler"/> for <c>api</c>/<c>bgapi</c> <paramref name="command"/> (its first word,
    /// matched ignoring case; replaces a built-in or earlier handler). The returned text is the api/response
    /// body, or the BACKGROUND_JOB body for bgapi. <c>api</c> blocks its connection while the handler runs, as
    /// in FreeSWITCH: events published meanwhile reach that connection after the response.
    /// </summary>
    /// <remarks>An exception from the handler is recorded in <see cref="HandlerErrors"/> and answered as <c>-ERR &lt;type&gt;: &lt;message&gt;\n</c>.</remarks>
    public void OnApi(string command, Func<EslApiRequest, CancellationToken, ValueTask<string>> handler)
    {
        ValidateCommand(command);
        ArgumentNullException.ThrowIfNull(handler);
        _apis[command] = handler;
    }

    /// <summary>Forgets a command (built-in or scripted): it then answers <c>-ERR &lt;cmd&gt; Command not found!\n</c>.</summary>
    public bool RemoveApi(string command) => _apis.TryRemove(command, out _);

    /// <summary>
    /// Runs an API command the way <c>api</c> would (handlers, built-ins, the not-found and empty-reply
    /// texts, the API event), without a client; returns the api/response body.
    /// </summary>
    public async Task<string> ExecuteApiAsync(string commandLine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        int space = commandLine.IndexOf(' ', StringComparison.Ordinal);
        string command = space < 0 ? commandLine : commandLine[..space];
        string? arguments = space < 0 ? null : commandLine[(space + 1)..];
        var continuations = new List<Func<Task>>();
        string body = await RunApiAsync(command, arguments, null, null, cancellationToken, continuations).ConfigureAwait(false);
        if (continuations.Count > 0)
        {
            TrackJob(Task.Run(() => RunContinuationsAsync(continuations), CancellationToken.None));
        }

        return body.Length == 0 ? "-ERR no reply\n" : body;
    }

    /// <summary>
    /// <c>switch_api_execute</c> as api_exec drives it: the API event takes its sequence number first, the
    /// command runs, the event fires, and an unknown command answers <c>-ERR &lt;cmd&gt; Command not found!\n</c>
    /// (with the command as sent, untrimmed).
    /// </summary>
    internal async Task<string> RunApiAsync(string command, string? arguments, EslEmulatorConnection? connection, string? jobUuid, CancellationToken cancellationToken, List<Func<Task>>? continuations = null, DateTimeOffset? receivedAt = null)
    {
        var received = receivedAt ?? _options.TimeProvider.GetUtcNow();
        string commandUsed = command.Trim();
        string argumentsUsed = (arguments ?? string.Empty).Trim();
        EslEmulatorEvent? apiEvent = null;
        if (_options.FireApiEvents)
        {
            apiEvent = CreateEvent("API", null, "switch_loadable_module.c", "switch_api_execute", 3140);
            if (commandUsed.Length > 0)
            {
                apiEvent.AddHeader("API-Command", commandUsed);
            }

            if (argumentsUsed.Length > 0)
            {
                apiEvent.AddHeader("API-Command-Argument", argumentsUsed);
            }
        }

        string? result = null;
        if (commandUsed.Length > 0 && _apis.TryGetValue(commandUsed, out var handler))
        {
            try
            {
                result = await handler(new EslApiRequest(commandUsed, argumentsUsed, connection, jobUuid, received, continuations), cancellationToken).ConfigureAwait(false) ?? string.Empty;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RecordHandlerError(ex);
                result = $"-ERR {ex.GetType().Name}: {ex.Message}\n";
            }
        }

        if (apiEvent is not null)
        {
            await PublishAsync(apiEvent, CancellationToken.None).ConfigureAwait(false);
        }

        return result ?? $"-ERR {command} Command not found!\n";
    }

    /// <summary>bgapi's thread: run the command, then fire BACKGROUND_JOB with its output.</summary>
    internal void StartBackgroundJob(string command, string? arguments, EslEmulatorConnection connection, string jobUuid)
    {
        // A connection's jobs start in the order they were sent (each begins once the previous one ran up to its first
        // wait), as the threads FreeSWITCH starts one after another do: which of several originates takes the last
        // session of a second is then the first one sent, not a race.
        var receivedAt = _options.TimeProvider.GetUtcNow();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var previous = connection.ExchangeLastJobStart(started.Task);
        var job = Task.Run(async () =>
        {
            await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var continuations = new List<Func<Task>>();
            Task<string> running;
            try
            {
                running = RunApiAsync(command, arguments, connection, jobUuid, _lifetime.Token, continuations, receivedAt);
            }
            finally
            {
                started.TrySetResult();
            }

            string body = await running.ConfigureAwait(false);
            var ev = CreateEvent("BACKGROUND_JOB", null, "mod_event_socket.c", "api_exec", 1580)
                .AddHeader("Job-UUID", jobUuid)
                .AddHeader("Job-Command", command);
            if (arguments is not null)
            {
                ev.AddHeader("Job-Command-Arg", arguments);
            }

            ev.SetBody(body);
            await PublishAsync(ev, CancellationToken.None).ConfigureAwait(false);
            await RunContinuationsAsync(continuations).ConfigureAwait(false);
        });
        TrackJob(job);
    }

    /// <summary>Runs what a command left to do after its answer went out, in order.</summary>
    internal static async Task RunContinuationsAsync(List<Func<Task>> continuations)
    {
        foreach (var continuation in continuations)
        {
            await continuation().ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a background task until it ends (for dispose), observing its failure.</summary>
    internal void TrackJob(Task job)
    {
        _jobs.TryAdd(job, 0);
        job.ContinueWith(
            t =>
            {
                _jobs.TryRemove(t, out _);
                if (t.Exception is { } failure && !_lifetime.IsCancellationRequested)
                {
                    RecordHandlerError(failure.GetBaseException());
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task WaitBackgroundJobsAsync()
    {
        try
        {
            await Task.WhenAll(_jobs.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // jobs still running at shutdown are abandoned, as FreeSWITCH's threads would be
        }
    }

    private static void ValidateCommand(string command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        if (command.AsSpan().IndexOfAny(" \r\n\t") >= 0)
        {
            throw new ArgumentException("An API command is one word (its arguments come with the request).", nameof(command));
        }
    }

    private void RegisterBuiltInApis()
    {
        RegisterCallApis();
        RegisterCallControlApis();
        RegisterAudioStreamApi();
        // mod_commands' echo writes its arguments back as they are.
        _apis["echo"] = (request, ct) => ValueTask.FromResult(request.Arguments);
        _apis["status"] = (_, _) => ValueTask.FromResult(StatusText());
        _apis["version"] = (_, _) => ValueTask.FromResult($"FreeSWITCH Version {_options.FreeSwitchVersion} ( 64bit)\n");
        _apis["hostname"] = (_, _) => ValueTask.FromResult(_options.Hostname);
        _apis["uptime"] = (_, _) => ValueTask.FromResult(((long)Uptime.TotalSeconds).ToString(CultureInfo.InvariantCulture));

        // eval expands ${vars}; the emulator has no global variables, so each one becomes empty.
        _apis["eval"] = (request, ct) => ValueTask.FromResult(VariableReference().Replace(request.Arguments, string.Empty));
        _apis["uuid_exists"] = (request, ct) => ValueTask.FromResult(TryFindChannel(request.Arguments, out _) ? "true" : "false");
        _apis["uuid_kill"] = (request, ct) =>
        {
            var argv = request.Argv;
            if (argv.Count == 0 || !TryFindChannel(argv[0], out var channel))
            {
                return ValueTask.FromResult("-ERR No such channel!\n");
            }

            HangupChannel(channel.Id, argv.Count > 1 ? argv[1] : "NORMAL_CLEARING");
            return ValueTask.FromResult("+OK\n");
        };
        _apis["uuid_getvar"] = (request, ct) =>
        {
            var argv = request.Argv;
            if (argv.Count < 2)
            {
                return ValueTask.FromResult("-USAGE: <uuid> <var>\n");
            }

            return ValueTask.FromResult(!TryFindChannel(argv[0], out var channel)
                ? "-ERR No such channel!\n"
                : channel.GetVariable(argv[1]) ?? "_undef_");
        };
        _apis["uuid_setvar"] = (request, ct) =>
        {
            string[] parts = request.Arguments.Split(' ', 3);
            if (parts.Length < 2)
            {
                return ValueTask.FromResult("-USAGE: <uuid> <var> [value]\n");
            }

            if (!TryFindChannel(parts[0], out var channel))
            {
                return ValueTask.FromResult("-ERR No such channel!\n");
            }

            channel.SetVariable(parts[1], parts.Length > 2 ? parts[2] : string.Empty);
            return ValueTask.FromResult("+OK\n");
        };

        // "api bgapi <cmd>" (also what an unload/reload of mod_event_socket is rewritten to).
        _apis["bgapi"] = (request, ct) =>
        {
            string uuid = NewUuid();
            int space = request.Arguments.IndexOf(' ', StringComparison.Ordinal);
            string command = space < 0 ? request.Arguments : request.Arguments[..space];
            string? arguments = space < 0 ? null : request.Arguments[(space + 1)..];
            var job = Task.Run(async () =>
            {
                var continuations = new List<Func<Task>>();
                string body = await RunApiAsync(command, arguments, null, uuid, _lifetime.Token, continuations).ConfigureAwait(false);
                var ev = CreateEvent("BACKGROUND_JOB", null, "mod_commands.c", "bgapi_exec", 5312)
                    .AddHeader("Job-UUID", uuid)
                    .AddHeader("Job-Command", command);
                if (arguments is not null)
                {
                    ev.AddHeader("Job-Command-Arg", arguments);
                }

                await PublishAsync(ev.SetBody(body), CancellationToken.None).ConfigureAwait(false);
                await RunContinuationsAsync(continuations).ConfigureAwait(false);
            }, CancellationToken.None);
            TrackJob(job);
            return ValueTask.FromResult($"+OK Job-UUID: {uuid}\n");
        };
    }

    private TimeSpan Uptime => _options.TimeProvider.GetUtcNow() - _startedAt;

    /// <summary>mod_commands' status output.</summary>
    private string StatusText()
    {
        var stats = SessionStats();
        var text = new StringBuilder();
        text.Append("UP ").Append(FsText.Uptime(Uptime)).Append('\n');
        text.Append("FreeSWITCH (Version ").Append(HumanVersion).Append(") is ready\n");
        text.Append(CultureInfo.InvariantCulture, $"{stats.SinceStartup} session(s) since startup\n");
        text.Append(CultureInfo.InvariantCulture, $"{stats.Current} session(s) - peak {stats.Peak}, last 5min {stats.Peak} \n");
        int spsPeak = Calls.MaxSessionsPerSecond;
        text.Append(CultureInfo.InvariantCulture, $"0 session(s) per Sec out of max {SessionsPerSecond}, peak {spsPeak}, last 5min {spsPeak} \n");
        text.Append(CultureInfo.InvariantCulture, $"{MaxSessions} session(s) max\n");
        text.Append("min idle cpu 0.00/100.00\n");
        text.Append("Current Stack Size/Max 240K/8192K\n");
        return text.ToString();
    }

    // "1.11.3-dev~64bit" is printed by status as "1.11.3-dev  64bit".
    private string HumanVersion => _options.FreeSwitchVersion.Replace("~", "  ", StringComparison.Ordinal);

    [GeneratedRegex(@"\$\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex VariableReference();
}
