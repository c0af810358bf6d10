using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// mod_commands' call-control APIs with FreeSWITCH's exact replies: <c>uuid_answer</c>, <c>uuid_break</c>,
/// <c>uuid_bridge</c>, <c>uuid_transfer</c>, <c>uuid_broadcast</c>.
/// </summary>
public sealed partial class EslSwitchEmulator
{
    private const string NoSuchChannel = "-ERR No such channel!\n";

    private void RegisterCallControlApis()
    {
        _apis["uuid_answer"] = UuidAnswerAsync;
        _apis["uuid_break"] = (request, _) => ValueTask.FromResult(UuidBreak(request.Arguments));
        _apis["uuid_bridge"] = (request, _) => ValueTask.FromResult(UuidBridge(request.Arguments));
        _apis["uuid_transfer"] = (request, _) => ValueTask.FromResult(UuidTransfer(request.Arguments));
        _apis["uuid_broadcast"] = (request, _) => ValueTask.FromResult(UuidBroadcast(request.Arguments));
    }

    /// <summary>uuid_answer_function: the whole argument is the uuid; any failure is <c>-ERROR</c>.</summary>
    private async ValueTask<string> UuidAnswerAsync(EslApiRequest request, CancellationToken cancellationToken)
    {
        if (!TryFindChannel(request.Arguments, out var channel))
        {
            return "-ERROR\n";
        }

        if (channel.OutboundCall is { } call)
        {
            await call.AnswerFromApiAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (channel.CallLeg is null && channel.AnswerState != "answered")
        {
            // A scripted channel: it is answered from now on (publish CHANNEL_ANSWER yourself if the test needs it).
            channel.AnswerState = "answered";
            channel.CallState = "ACTIVE";
        }

        return "+OK\n";
    }

    /// <summary>break_function: <c>&lt;uuid&gt; [all]</c>; the flag word is searched for "all" anywhere.</summary>
    private string UuidBreak(string arguments)
    {
        if (arguments.Length == 0)
        {
            return "-USAGE: <uuid> [all]\n";
        }

        int space = arguments.IndexOf(' ', StringComparison.Ordinal);
        string uuid = space < 0 ? arguments : arguments[..space];
        string? flag = space < 0 ? null : arguments[(space + 1)..];
        if (!TryFindChannel(uuid, out var channel))
        {
            return NoSuchChannel;
        }

        channel.OutboundCall?.Break(flag?.Contains("all", StringComparison.Ordinal) == true);
        return "+OK\n";
    }

    /// <summary>uuid_bridge_function → switch_ivr_uuid_bridge: <c>+OK &lt;other&gt;</c>, or <c>-ERR Invalid uuid</c>.</summary>
    private string UuidBridge(string arguments)
    {
        var argv = FsOriginate.Separate(arguments, ' ', 4);
        if (arguments.Length == 0 || argv.Count < 2)
        {
            return "-USAGE: <uuid> <other_uuid>\n";
        }

        string? who = TryBridge(argv[0], argv[1]) ? argv[1] : argv.Count > 2 && TryBridge(argv[0], argv[2]) ? argv[2] : null;
        return who is null ? "-ERR Invalid uuid\n" : $"+OK {who}\n";
    }

    /// <summary>
    /// switch_ivr_uuid_bridge's checks (both channels exist, the originator is up, at least one has media) and the
    /// variables it sets on both; the emulator carries no media between them.
    /// </summary>
    private bool TryBridge(string originatorUuid, string originateeUuid)
    {
        if (!TryFindChannel(originatorUuid, out var originator) || !TryFindChannel(originateeUuid, out var originatee) || !originator.IsUp)
        {
            return false;
        }

        if (originator.AnswerState != "answered" && originatee.AnswerState != "answered")
        {
            return false; // "Neither channel is answered, cannot bridge them."
        }

        originator.SetVariable("uuid_bridge", originatee.Id)
            .SetVariable("bridge_channel", originatee.Name)
            .SetVariable("bridge_uuid", originatee.Id)
            .SetVariable("signal_bond", originatee.Id);
        originatee.SetVariable("bridge_channel", originator.Name)
            .SetVariable("bridge_uuid", originator.Id)
            .SetVariable("signal_bond", originator.Id);
        return true;
    }

    /// <summary>transfer_function: <c>&lt;uuid&gt; [-bleg|-both] &lt;dest-exten&gt; [&lt;dialplan&gt;] [&lt;context&gt;]</c>.</summary>
    private string UuidTransfer(string arguments)
    {
        const string Usage = "-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n";
        if (arguments.Length == 0)
        {
            return Usage;
        }

        var argv = FsOriginate.Separate(arguments, ' ', 5);
        if (argv.Count is < 2 or > 5)
        {
            return Usage;
        }

        if (argv[0].Length == 0 || !TryFindChannel(argv[0], out var channel))
        {
            return NoSuchChannel;
        }

        int at = argv[1].StartsWith('-') ? 2 : 1;
        if (argv[1] is "-bleg" && channel.GetVariable("bridge_uuid") is { } other && TryFindChannel(other, out var otherChannel))
        {
            channel = otherChannel;
        }

        if (at >= argv.Count)
        {
            return "-ERR\n"; // switch_ivr_session_transfer refuses an empty destination
        }

        // The emulator has no dialplan: the channel's caller profile moves to the new extension (later events show it).
        channel.DestinationNumber = argv[at];
        if (at + 2 < argv.Count)
        {
            channel.Context = argv[at + 2];
        }

        return "+OK\n";
    }

    /// <summary>uuid_broadcast_function → switch_ivr_broadcast: <c>&lt;uuid&gt; &lt;path&gt; [aleg|bleg|holdb|both]</c>.</summary>
    private string UuidBroadcast(string arguments)
    {
        var argv = arguments.Length == 0 ? [] : FsOriginate.Separate(arguments, ' ', 4);
        if (argv.Count < 2)
        {
            return "-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n";
        }

        bool echoA, echoB, holdB;
        if (argv.Count > 2)
        {
            string legs = argv[2];
            echoA = legs.Contains("both", StringComparison.OrdinalIgnoreCase) || legs.Contains("aleg", StringComparison.OrdinalIgnoreCase);
            echoB = legs.Contains("both", StringComparison.OrdinalIgnoreCase) || legs.Contains("bleg", StringComparison.OrdinalIgnoreCase);
            holdB = false;
            if (legs.Contains("holdb", StringComparison.OrdinalIgnoreCase))
            {
                echoB = false;
                holdB = true;
            }
        }
        else
        {
            (echoA, echoB, holdB) = (true, false, true);
        }

        if (!TryFindChannel(argv[0], out var channel))
        {
            return "-ERR invalid uuid\n";
        }

        // "app::arg" runs app instead of playback; "app!cause" hangs up after it.
        string application = "playback";
        string path = argv[1];
        int split = path.IndexOf("::", StringComparison.Ordinal);
        if (split > 0)
        {
            application = path[..split];
            path = path[(split + 2)..];
        }

        string? cause = null;
        int bang = application.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            cause = bang + 1 < application.Length ? application[(bang + 1)..] : "normal_clearing";
            application = application[..bang];
        }

        if (echoB && channel.GetVariable("signal_bond") is { } partner && TryFindChannel(partner, out var other))
        {
            other.OutboundCall?.Broadcast(application, path, holdB, hangupCause: null);
        }

        if (channel.OutboundCall is { } call)
        {
            call.Broadcast(echoA ? application : null, path, holdB, cause);
        }
        else if (echoA)
        {
            // A scripted channel runs nothing: the message is only recorded.
            channel.AddMessage(EslReceivedCommand.Message([new("call-command", "execute"), new("execute-app-name", application), new("execute-app-arg", path)], _options.TimeProvider.GetUtcNow()));
        }

        return "+OK Message sent\n";
    }
}
