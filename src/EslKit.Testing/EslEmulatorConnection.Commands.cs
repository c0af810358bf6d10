using System.Text;
using EslKit.Protocol;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

public sealed partial class EslEmulatorConnection
{
    private static readonly string[] SneakyCommands = ["bgapi", "sched_api", "eval", "expand", "xml_wrap"];

    private enum Followup
    {
        Reply,
        Api,
        ChannelData,
    }

    /// <summary>
    /// parse_command, then the reply exactly as listener_run (or api_exec) writes it. The first packet of an outbound
    /// session gets no command/reply (<paramref name="suppressReply"/>): listener_run drops it.
    /// </summary>
    private async Task HandlePacketAsync(FsPacket packet, bool suppressReply = false)
    {
        var received = new EslReceivedCommand(this, ReceivedCount, FsPacket.StripCr(packet.CommandBuffer), packet.Headers, packet.Body, DateTimeOffset.UtcNow);
        var state = new CommandState(packet);
        string? reply = ParseCommand(packet, state);

        // Recorded once its effects on subscriptions, filters and flags are visible, before any handler runs.
        Record(received);
        EslEmulatorOutboundCall? queued = null;

        switch (state.Followup)
        {
            case Followup.Api:
                var continuations = new List<Func<Task>>();
                string body = await _emulator.RunApiAsync(state.ApiCommand!, state.ApiArguments, this, null, _processing.Token, continuations).ConfigureAwait(false);
                byte[] bytes = Encoding.UTF8.GetBytes(FsEvent.CString(body));
                if (bytes.Length == 0)
                {
                    bytes = "-ERR no reply\n"u8.ToArray(); // FreeSWITCH never sends an empty api/response
                }

                await SendAsync(FsText.ApiResponse(bytes), _abort.Token).ConfigureAwait(false);
                if (continuations.Count > 0)
                {
                    _emulator.TrackJob(Task.Run(() => EslSwitchEmulator.RunContinuationsAsync(continuations)));
                }
                break;
            case Followup.ChannelData:
                await SendAsync(state.Raw!, _abort.Token).ConfigureAwait(false);
                break;
            default:
                if (state.Message is { OutboundCall: { } inline } && ReferenceEquals(inline, Call) && !inline.IsAsync && !IsTrue(received["async"]))
                {
                    // A static socket runs the message on its own (the channel's) thread: the reply waits for it.
                    await inline.ExecuteInlineAsync(received).ConfigureAwait(false);
                    state.Message = null;
                }
                else if (state.Message is { OutboundCall: { } queuedOn })
                {
                    // switch_core_session_queue_private_event runs before the +OK is written: a uuid_break sent after
                    // the reply finds the message queued. The channel is woken after the reply, so what it then
                    // publishes follows the +OK on this socket as on the real listener.
                    queuedOn.QueueMessage(received, wake: false);
                    queued = queuedOn;
                    state.Message = null;
                }

                if (!suppressReply)
                {
                    await SendAsync(FsText.CommandReply(string.IsNullOrEmpty(reply) ? "-ERR command not found" : reply), _abort.Token).ConfigureAwait(false);
                }

                break;
        }

        queued?.Wake();
        if (state.Message is { } message)
        {
            _emulator.DispatchSendMessage(message, received);
        }
    }

    // switch_true, for the async header of a sendmsg.
    private static bool IsTrue(string? value) =>
        value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("on", StringComparison.OrdinalIgnoreCase) || value.Equals("t", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("enabled", StringComparison.OrdinalIgnoreCase) || value.Equals("enable", StringComparison.OrdinalIgnoreCase) ||
            value.Equals("active", StringComparison.OrdinalIgnoreCase) || value.Equals("allow", StringComparison.OrdinalIgnoreCase) ||
            (value.Length > 0 && char.IsAsciiDigit(value[0]) && FsPacketParser.Atoi(value) != 0));

    private int ReceivedCount
    {
        get
        {
            lock (_lock)
            {
                return _commands.Count;
            }
        }
    }

    private string? ParseCommand(FsPacket packet, CommandState state)
    {
        string cmd = packet.CommandBuffer;

        // Any packet mentioning unload/reload and mod_event_socket (anywhere in its headers) is rewritten.
        if (Contains(cmd, "unload") && Contains(cmd, "mod_event_socket"))
        {
            cmd = "api bgapi unload mod_event_socket";
        }
        else if (Contains(cmd, "reload") && Contains(cmd, "mod_event_socket"))
        {
            cmd = "api bgapi reload mod_event_socket";
        }

        string line = FsPacket.StripCr(cmd);
        if (Starts(cmd, "exit") || Starts(cmd, "..."))
        {
            _running = false;
            _end = EslConnectionEnd.Exit;
            return "+OK bye";
        }

        if (!_authenticated)
        {
            if (Starts(cmd, "auth "))
            {
                if (string.Equals(line[5..], _options.Password, StringComparison.Ordinal))
                {
                    _authenticated = true;
                    return "+OK accepted";
                }

                _running = false;
                _end = EslConnectionEnd.AuthenticationFailed;
                return "-ERR invalid";
            }

            return Starts(cmd, "userauth ") ? UserAuth(line[9..]) : null;
        }

        if (Starts(cmd, "filter "))
        {
            return FilterCommand(line[7..]);
        }

        EslEmulatorChannel? session;
        lock (_lock)
        {
            session = _session;
        }

        if (session is not null && Starts(cmd, "resume"))
        {
            Call?.OnResume();
            return "+OK";
        }

        if (session is not null || Starts(cmd, "myevents "))
        {
            if (Starts(cmd, "connect") && session is not null)
            {
                state.Followup = Followup.ChannelData;
                state.Raw = ChannelData(session);
                return null;
            }

            if (Starts(cmd, "getvar") && session is not null)
            {
                int space = line.IndexOf(' ', StringComparison.Ordinal);
                return space < 0 ? string.Empty : session.GetVariable(line[(space + 1)..]) ?? string.Empty;
            }

            if (Starts(cmd, "myevents"))
            {
                return MyEvents(cmd, line);
            }
        }

        if (Starts(cmd, "divert_events"))
        {
            if (session is null)
            {
                return "-ERR not controlling a session.";
            }

            string onoff = cmd[13..].TrimStart(' ');
            onoff = onoff.Length > 0 && (onoff[0] == '\r' || onoff[0] == '\n') ? string.Empty : FsPacket.StripCr(onoff);
            if (onoff.Length == 0)
            {
                return "-ERR missing value.";
            }

            bool on = string.Equals(onoff, "on", StringComparison.OrdinalIgnoreCase);
            Volatile.Write(ref _divert, on);
            return on ? "+OK events diverted" : "+OK events not diverted";
        }

        if (Starts(cmd, "sendmsg"))
        {
            return SendMsg(cmd, state, session);
        }

        // An outbound socket without "full" stops here: everything below answers -ERR command not found.
        if (Call is { IsFull: false })
        {
            return null;
        }

        if (Starts(cmd, "sendevent"))
        {
            return SendEvent(line, state);
        }

        if (Starts(cmd, "api "))
        {
            string apiCommand = line[4..];
            Split(apiCommand, out string command, out string? arguments);
            if (_allowedApi is not null && !AuthApi(command, arguments))
            {
                return "-ERR permission denied";
            }

            // console_execute: true would run the whole line on the console; the emulator runs it as an API.
            state.Followup = Followup.Api;
            state.ApiCommand = command;
            state.ApiArguments = arguments;
            return null;
        }

        if (Starts(cmd, "bgapi "))
        {
            Split(line[6..], out string command, out string? arguments);
            if (_allowedApi is not null && !AuthApi(command, arguments))
            {
                return "-ERR permission denied";
            }

            // A client Job-UUID is used as it is, cut to the 36 characters FreeSWITCH's buffer holds.
            string? clientJob = state.PacketEvent.Get("job-uuid");
            string job = clientJob is null ? _emulator.NewUuid() : TruncateUtf8(clientJob, 36);
            _emulator.StartBackgroundJob(command, arguments, this, job);
            return $"~Reply-Text: +OK Job-UUID: {job}\nJob-UUID: {job}\n\n";
        }

        if (Starts(cmd, "log"))
        {
            return LogCommand(line);
        }

        if (Starts(cmd, "linger"))
        {
            if (session is null)
            {
                return "-ERR not controlling a session";
            }

            // The seconds come from the raw buffer: "linger 10" lingers 10 s, "linger" forever (-1).
            int seconds = cmd.Length > 7 && cmd[6] == ' ' ? FsPacketParser.Atoi(cmd[7..]) : -1;
            lock (_lock)
            {
                _linger = true;
                _lingerSeconds = seconds;
            }

            return seconds != -1 ? $"+OK will linger {seconds} seconds" : "+OK will linger";
        }

        if (Starts(cmd, "nolinger"))
        {
            if (session is null)
            {
                return "-ERR not controlling a session";
            }

            lock (_lock)
            {
                _linger = false;
            }

            return "+OK will not linger";
        }

        if (Starts(cmd, "nolog"))
        {
            lock (_lock)
            {
                _logGeneration++; // flush_listener(log)
                if (_logEnabled)
                {
                    _logEnabled = false;
                    return "+OK no longer logging";
                }
            }

            return "-ERR not loging";
        }

        if (Starts(cmd, "event"))
        {
            string result = EventCommand(line);
            if (Call is not null && result.StartsWith("+OK", StringComparison.Ordinal))
            {
                _emulator.AddOutboundListener(this); // events of every channel now, as its subscription says
            }

            return result;
        }

        if (Starts(cmd, "nixevent"))
        {
            return NixEventCommand(line);
        }

        if (Starts(cmd, "noevents"))
        {
            lock (_lock)
            {
                _eventGeneration++; // flush_listener(events)
                if (!_eventsEnabled)
                {
                    return "-ERR not listening for events";
                }

                _eventsEnabled = false;
                Array.Clear(_eventList);
                _subclasses.Clear();
                _nixedSubclasses.Clear();
                _allSubclasses = false;
                return "+OK no longer listening for events";
            }
        }

        return null;
    }

    private string UserAuth(string credentials)
    {
        // user@domain:pass, or user:pass@domain.
        string user = credentials;
        string? domain = null;
        string? pass = null;
        int at = user.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            domain = user[(at + 1)..];
            user = user[..at];
        }

        if (domain is not null && domain.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0)
        {
            pass = domain[(colon + 1)..];
            domain = domain[..colon];
        }

        if (user.IndexOf(':', StringComparison.Ordinal) is int userColon and >= 0)
        {
            pass = user[(userColon + 1)..];
            user = user[..userColon];
        }

        lock (_lock)
        {
            _allowLog = false;
        }

        if (user.Length == 0 || string.IsNullOrEmpty(domain) ||
            !_options.Accounts.TryGetValue(user + "@" + domain, out var account) ||
            string.IsNullOrEmpty(account.Password) || string.IsNullOrEmpty(pass) ||
            !string.Equals(account.Password, pass, StringComparison.Ordinal))
        {
            _running = false;
            _end = EslConnectionEnd.AuthenticationFailed;
            return "-ERR invalid";
        }

        string eventReply = "Allowed-Events: all\n";
        string apiReply = "Allowed-API: all\n";
        lock (_lock)
        {
            if (account.AllowedEvents is { } allowedEvents)
            {
                _authEvents = true;
                eventReply = Limit($"Allowed-Events: {allowedEvents}\n");
                _allowedEventList = new bool[FsEventTypes.Count];
                _allowedSubclasses = new HashSet<string>(StringComparer.Ordinal);
                bool custom = false;
                foreach (string token in SplitList(allowedEvents))
                {
                    if (custom)
                    {
                        _allowedSubclasses.Add(token);
                    }
                    else if (FsEventTypes.TryResolve(token, out int id))
                    {
                        if (id == FsEventTypes.All)
                        {
                            _allEventsAuthed = true;
                            Array.Fill(_allowedEventList, true);
                        }

                        _allowedEventList[id] = true;
                        custom |= id == FsEventTypes.Custom;
                    }
                }
            }

            _allowLog = account.AllowedLog;
            if (account.AllowedApi is { } allowedApi)
            {
                apiReply = Limit($"Allowed-API: {allowedApi}\n");
                _allowedApi = new HashSet<string>(SplitList(allowedApi), StringComparer.Ordinal);
            }

            _user = user + "@" + domain;
        }

        _authenticated = true;
        return $"~Reply-Text: +OK accepted\n{eventReply}{apiReply}Allowed-LOG: {(account.AllowedLog ? "true" : "false")}\n\n";

        // Each of these lines is formatted into its own 512-byte buffer.
        static string Limit(string text) => TruncateUtf8(text, 511);
    }

    private string FilterCommand(string rest)
    {
        string headerName = rest.TrimStart(' ');
        string? headerValue = SplitOff(ref headerName);
        lock (_lock)
        {
            if (string.Equals(headerName, "delete", StringComparison.OrdinalIgnoreCase) && headerValue is not null)
            {
                headerName = headerValue;
                headerValue = SplitOff(ref headerName);
                if (string.Equals(headerName, "all", StringComparison.OrdinalIgnoreCase))
                {
                    _filters.Clear();
                }
                else
                {
                    string name = headerName;
                    string? value = headerValue;
                    _filters.RemoveAll(f => string.Equals(f.Header, name, StringComparison.OrdinalIgnoreCase) && (string.IsNullOrEmpty(value) || f.Value == value));
                }

                return $"+OK filter deleted. [{headerName}][{headerValue}]";
            }

            if (headerValue is null)
            {
                return "-ERR invalid syntax";
            }

            if (string.Equals(headerName, "add", StringComparison.OrdinalIgnoreCase))
            {
                headerName = headerValue;
                headerValue = SplitOff(ref headerName);
            }

            if (headerValue is not null)
            {
                // The filters live in a switch_event: an empty value deletes every filter on that header.
                if (headerValue.Length == 0)
                {
                    string name = headerName;
                    _filters.RemoveAll(f => string.Equals(f.Header, name, StringComparison.OrdinalIgnoreCase));
                }
                else
                {
                    _filters.Add(new Filter(headerName, headerValue));
                }
            }

            return $"+OK filter added. [{headerName}]=[{headerValue ?? "(null)"}]";
        }
    }

    private string MyEvents(string cmd, string line)
    {
        lock (_lock)
        {
            if (_myEvents)
            {
                return "-ERR aready enabled.";
            }

            string formatSource = cmd;
            if (_session is null)
            {
                string uuid = line.Length > 9 ? line[9..] : string.Empty;
                string? format = SplitOff(ref uuid);
                if (_emulator.TryFindChannel(uuid, out var channel))
                {
                    _session = channel;
                    _channelDown = !channel.IsUp;
                }
                else if (format is not null)
                {
                    return "-ERR invalid uuid";
                }

                // The format word was cut off with the uuid, so only text inside the uuid could select one.
                formatSource = "myevents " + uuid;
                _sessionFlag = true;
            }

            foreach (int id in FsEventTypes.MyEvents)
            {
                _eventList[id] = true;
            }

            _myEvents = true;
            _onlyUniqueId = _session?.Id;
            _eventsEnabled = true;
            if (formatSource.Contains("xml", StringComparison.Ordinal) || formatSource.Contains("XML", StringComparison.Ordinal))
            {
                _format = EslEventFormat.Xml;
            }

            if (formatSource.Contains("json", StringComparison.Ordinal) || formatSource.Contains("JSON", StringComparison.Ordinal))
            {
                _format = EslEventFormat.Json;
            }

            return "+OK Events Enabled";
        }
    }

    private string SendMsg(string cmd, CommandState state, EslEmulatorChannel? session)
    {
        string rest = cmd[7..].TrimStart(' ');
        string? uuid = rest.Length > 0 && (rest[0] == '\r' || rest[0] == '\n') ? null : FsPacket.StripCr(rest);
        if (string.IsNullOrEmpty(uuid))
        {
            uuid = state.PacketEvent.Get("session-id");
        }

        if (uuid is not null && session is not null && uuid == session.Id)
        {
            uuid = null;
        }

        if (string.IsNullOrEmpty(uuid) && session is not null)
        {
            state.Message = session;
            return "+OK";
        }

        if (!string.IsNullOrEmpty(uuid) && _emulator.TryFindChannel(uuid, out var channel))
        {
            state.Message = channel;
            return "+OK";
        }

        return $"-ERR invalid session id [{uuid}]";
    }

    private string SendEvent(string line, CommandState state)
    {
        // The packet itself becomes the event: Command (cut at its line end), the client's headers and
        // body, then Event-UUID; a known name sets the type, and CUSTOM takes Event-Subclass as subclass.
        string eventUuid = _emulator.NewUuid();
        var fs = state.PacketEvent;
        fs.Headers[0].Value = line;
        fs.AddBottom("Event-UUID", eventUuid);
        string name = line[9..].TrimStart(' ', '\t');
        int id = FsEventTypes.TryResolve(name, out int resolved) ? resolved : FsEventTypes.Custom;
        if (id == FsEventTypes.Custom && FsEventTypes.TryResolve(name, out _) && fs.Get("Event-Subclass") is { } subclass)
        {
            fs.SetSubclass(subclass);
        }

        string eventName = FsEventTypes.NameOf(id);
        var ev = new EslEmulatorEvent(eventName, fs.Subclass) { UniqueHeaders = false };
        foreach (var header in fs.Headers)
        {
            ev.AddUnchecked(EslEmulatorHeader.CreateUnchecked(header.Name, header.Value, header.Items is null ? null : [.. header.Items]));
        }

        ev.SetBody(fs.Body);
        if (fs.Get("unique-id") is { } target && _emulator.TryFindChannel(target, out var channel))
        {
            channel.AddQueuedEvent(ev); // queued to that session instead of fired
            if (channel.OutboundCall?.Connection is { IsDiverting: true } diverting)
            {
                diverting.DeliverDiverted(ev.GetDelivery()); // divert_events on: the socket takes the session's events as they are
            }
        }
        else
        {
            _emulator.Stamp(ev, eventName, "mod_event_socket.c", "parse_command", 2283);
            _emulator.Deliver(ev, only: null);
        }

        return "+OK " + eventUuid;
    }

    private string LogCommand(string line)
    {
        lock (_lock)
        {
            if (!_allowLog)
            {
                return "-ERR permission denied";
            }

            string level = line[3..].TrimStart(' ');
            int space = level.IndexOf(' ', StringComparison.Ordinal);
            if (space >= 0)
            {
                level = level[..space];
            }

            int value = level.Length == 0 ? FsLogLevels.Debug : FsLogLevels.Parse(level);
            if (value == FsLogLevels.Invalid)
            {
                return "-ERR invalid log level";
            }

            _logLevel = value;
            _logEnabled = true;
            return $"+OK log level {level} [{value}]";
        }
    }

    private string EventCommand(string line)
    {
        lock (_lock)
        {
            int keys = 0;
            int space = line.IndexOf(' ', 5);
            if (space >= 0)
            {
                bool custom = false;
                string[] tokens = line[(space + 1)..].Split(' ');
                for (int i = 0; i < tokens.Length; i++)
                {
                    string token = tokens[i];
                    if (i == 0 && TryFormat(token, out var format))
                    {
                        _format = format;
                        continue;
                    }

                    if (custom)
                    {
                        if (_allowedSubclasses is not null && !_allowedSubclasses.Contains(token))
                        {
                            return "-ERR permission denied";
                        }

                        _subclasses.Add(token);
                        _nixedSubclasses.Remove(token);
                    }
                    else if (FsEventTypes.TryResolve(token, out int id))
                    {
                        if (_authEvents && !_allowedEventList![id] && !_allEventsAuthed)
                        {
                            return "-ERR permission denied";
                        }

                        keys++;
                        if (id == FsEventTypes.All)
                        {
                            Array.Fill(_eventList, true);
                            if (_allowedSubclasses is null)
                            {
                                _allSubclasses = true; // set_all_custom
                            }
                            else
                            {
                                _subclasses.UnionWith(_allowedSubclasses);
                            }
                        }

                        _eventList[id] = true;
                        custom |= id == FsEventTypes.Custom;
                    }
                }
            }

            if (keys == 0)
            {
                return "-ERR no keywords supplied";
            }

            _eventsEnabled = true;
            return "+OK event listener enabled " + _format.ToString().ToLowerInvariant();
        }
    }

    private string NixEventCommand(string line)
    {
        lock (_lock)
        {
            int keys = 0;
            int space = line.IndexOf(' ', 8);
            if (space >= 0)
            {
                bool custom = false;
                foreach (string token in line[(space + 1)..].Split(' '))
                {
                    if (custom)
                    {
                        _subclasses.Remove(token);
                        _nixedSubclasses.Add(token);
                    }
                    else if (FsEventTypes.TryResolve(token, out int id))
                    {
                        keys++;
                        if (id == FsEventTypes.Custom)
                        {
                            custom = true;
                        }
                        else if (id == FsEventTypes.All)
                        {
                            Array.Clear(_eventList);
                        }
                        else
                        {
                            if (_eventList[FsEventTypes.All])
                            {
                                // Nixing one type out of ALL turns ALL into every other type.
                                Array.Fill(_eventList, true);
                                _eventList[FsEventTypes.All] = false;
                            }

                            _eventList[id] = false;
                        }
                    }
                }
            }

            if (keys == 0)
            {
                return "-ERR no keywords supplied";
            }

            _eventsEnabled = true;
            return "+OK events nixed";
        }
    }

    /// <summary>auth_api_command: the command must be allowed, and so must the command a "sneaky" one runs.</summary>
    private bool AuthApi(string command, string? arguments)
    {
        string check = command;
        string[]? words = null;
        int next = 0;
        for (int guard = 0; guard < 32; guard++)
        {
            if (!_allowedApi!.Contains(check))
            {
                return false;
            }

            if (!SneakyCommands.Contains(check, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            if (words is null)
            {
                if (arguments is null)
                {
                    return true;
                }

                words = arguments.Split(' ');
                check = words[0];
                next = 1;
            }
            else
            {
                check = next < words.Length ? words[next++] : words[0];
            }
        }

        return false; // FreeSWITCH would spin here (e.g. "bgapi bgapi"); refuse instead
    }

    private byte[] ChannelData(EslEmulatorChannel session)
    {
        if (Call is { } call && ReferenceEquals(call.Channel, session))
        {
            return call.Connect(call.IsAsync, call.IsFull);
        }

        // The outbound-style connect reply: a bare serialised CHANNEL_DATA event, no outer framing.
        var ev = _emulator.CreateChannelEvent("CHANNEL_DATA", session)
            .AddHeader("Content-Type", "command/reply")
            .AddHeader("Reply-Text", "+OK\n")
            .AddHeader("Socket-Mode", _sessionFlag ? "async" : "static")
            .AddHeader("Control", "full");
        return ev.Serialize(EslEventFormat.Plain);
    }

    private static bool TryFormat(string token, out EslEventFormat format)
    {
        format = token.ToUpperInvariant() switch
        {
            "XML" => EslEventFormat.Xml,
            "PLAIN" => EslEventFormat.Plain,
            "JSON" => EslEventFormat.Json,
            _ => (EslEventFormat)(-1),
        };
        return (int)format >= 0;
    }

    private bool SubclassSubscribed(string subclass) =>
        _subclasses.Contains(subclass) || (_allSubclasses && !_nixedSubclasses.Contains(subclass));

    /// <summary>event_handler's filter loop.</summary>
    private bool PassesFilters(FsEvent ev)
    {
        bool send = false;
        foreach (var filter in _filters)
        {
            string? value = ev.Get(filter.Header);
            if (value is null)
            {
                continue;
            }

            string compare = filter.Value;
            bool include = true;
            int k = 0;
            for (; k < compare.Length; k++)
            {
                char c = compare[k];
                if (c == '+')
                {
                    include = true;
                }
                else if (c == '-')
                {
                    include = false;
                }
                else if (c != ' ')
                {
                    break;
                }
            }

            if (send && include)
            {
                continue;
            }

            bool match = compare.StartsWith('/')
                ? FsRegex.IsMatch(filter.Regex, value)
                : AsciiEqualsIgnoreCase(value, compare[k..]);
            if (match)
            {
                if (!include)
                {
                    return false;
                }

                send = true;
            }
        }

        return send;
    }

    // strcasecmp: only ASCII letters fold.
    private static bool AsciiEqualsIgnoreCase(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i];
            char y = b[i];
            if (x != y && (!char.IsAsciiLetter(x) || !char.IsAsciiLetter(y) || (x | 0x20) != (y | 0x20)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Starts(string cmd, string prefix) => cmd.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static bool Contains(string cmd, string text) => cmd.Contains(text, StringComparison.OrdinalIgnoreCase);

    /// <summary>strchr(' ') and cut: returns what follows the first space (null when none) and leaves the head in <paramref name="head"/>.</summary>
    private static string? SplitOff(ref string head)
    {
        int space = head.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return null;
        }

        string tail = head[(space + 1)..];
        head = head[..space];
        return tail;
    }

    private static void Split(string text, out string head, out string? tail)
    {
        head = text;
        tail = SplitOff(ref head);
    }

    private static string[] SplitList(string list) => list.Split(list.Contains(' ', StringComparison.Ordinal) ? ' ' : ',');

    private static string TruncateUtf8(string text, int maxBytes)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return bytes.Length <= maxBytes ? text : Encoding.UTF8.GetString(bytes, 0, maxBytes);
    }

    /// <summary>What parse_command decided beyond the reply text.</summary>
    private sealed class CommandState(FsPacket packet)
    {
        private FsEvent? _packetEvent;

        public Followup Followup { get; set; }

        public string? ApiCommand { get; set; }

        public string? ApiArguments { get; set; }

        public byte[]? Raw { get; set; }

        public EslEmulatorChannel? Message { get; set; }

        /// <summary>The packet as FreeSWITCH's switch_event (Command first; header add rules applied).</summary>
        public FsEvent PacketEvent => _packetEvent ??= Build(packet);

        private static FsEvent Build(FsPacket packet)
        {
            var ev = new FsEvent();
            ev.AddBottom("Command", packet.CommandBuffer);
            foreach (var (name, value) in packet.Headers)
            {
                ev.AddBottom(name, value);
            }

            if (packet.Body is { } body)
            {
                ev.Body = FsEvent.CString(Encoding.UTF8.GetString(body));
            }

            return ev;
        }
    }
}
