using System.Globalization;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>
/// mod_audio_stream: <c>uuid_audio_stream &lt;uuid&gt; start|stop|send_text|pause|resume …</c> with the module's replies
/// (<c>+OK Success</c>, <c>-ERR Operation Failed</c>, the usage), and its CUSTOM events about the channel.
/// </summary>
public sealed partial class EslSwitchEmulator
{
    private const string StreamUsage = "-USAGE: <uuid> [start | stop | send_text | pause | resume | graceful-shutdown ] [wss-url | path] [mono | mixed | stereo] [8000 | 16000] [metadata]\n";
    private const string StreamFailed = "-ERR Operation Failed\n";

    /// <summary>The emulated mod_audio_stream: scripted callers, pacing, the streams opened, the files written (see <see cref="EslEmulatorAudioStreams"/>).</summary>
    public EslEmulatorAudioStreams AudioStreams { get; private set; } = null!;

    private void RegisterAudioStreamApi()
    {
        AudioStreams = new EslEmulatorAudioStreams(this);
        _apis["uuid_audio_stream"] = UuidAudioStreamAsync;
    }

    /// <summary>stream_function: the arguments split as switch_separate_string does (6 at most: the metadata keeps its spaces).</summary>
    private async ValueTask<string> UuidAudioStreamAsync(EslApiRequest request, CancellationToken cancellationToken)
    {
        var argv = request.Arguments.Length == 0 ? [] : FsOriginate.Separate(request.Arguments, ' ', 6);
        if (argv.Count < 2 || (argv[1] == "start" && argv.Count < 4))
        {
            return StreamUsage;
        }

        if (!TryFindChannel(argv[0], out var channel))
        {
            return StreamFailed; // "Error locating session"
        }

        var media = channel.Media;
        EslEmulatorAudioStreamSession? current;
        lock (media)
        {
            current = media.Stream;
        }

        bool ok;
        switch (argv[1].ToLowerInvariant())
        {
            case "stop":
                ok = current is not null && await current.StopAsync(argv.Count > 2 ? argv[2] : null).ConfigureAwait(false);
                break;
            case "pause":
                ok = current?.Pause(true) ?? false;
                break;
            case "resume":
                ok = current?.Pause(false) ?? false;
                break;
            case "send_text":
                ok = argv.Count >= 3 && current is not null && await current.SendTextAsync(argv[2]).ConfigureAwait(false);
                break;
            case "start":
                ok = Start(channel, argv);
                break;
            default:
                ok = false; // "unsupported mod_audio_stream cmd"
                break;
        }

        return ok ? "+OK Success\n" : StreamFailed;
    }

    private bool Start(EslEmulatorChannel channel, List<string> argv)
    {
        string mix = argv[3];
        if (mix is not ("mono" or "mixed" or "stereo"))
        {
            return false; // "invalid mix type"
        }

        int sampling = 8000;
        if (argv.Count > 4)
        {
            sampling = argv[4] switch
            {
                "16k" => 16000,
                "8k" => 8000,
                _ => FsPacketParser.Atoi(argv[4]),
            };
        }

        if (!ValidWebSocketUri(argv[2], out var url) || sampling <= 0 || sampling % 8000 != 0)
        {
            return false; // "invalid websocket uri" / "invalid sample rate"
        }

        if (!channel.IsUp || channel.AnswerState is not ("answered" or "early"))
        {
            return false; // "channel must have reached pre-answer status before calling start!"
        }

        // STREAM_BUFFER_SIZE: a multiple of 20 ms makes each binary message that many milliseconds of audio.
        int frameMs = 20;
        if (channel.GetVariable("STREAM_BUFFER_SIZE") is { } size && FsPacketParser.Atoi(size) is int ms && ms >= 20 && ms % 20 == 0)
        {
            frameMs = ms;
        }

        var media = channel.Media;
        EslEmulatorAudioStreamSession stream;
        lock (media)
        {
            if (media.Stream is not null)
            {
                return false; // "bug already attached!"
            }

            stream = new EslEmulatorAudioStreamSession(this, AudioStreams, channel, url, mix, sampling, argv.Count > 5 ? argv[5] : null, frameMs);
            media.Stream = stream;
        }

        AudioStreams.Add(stream);
        stream.Start();
        return true;
    }

    /// <summary>validate_ws_uri: ws:// or wss://, a host of letters, digits, '-' and '.', an optional numeric port.</summary>
    private static bool ValidWebSocketUri(string text, out Uri url)
    {
        url = null!;
        int hostStart = text.StartsWith("ws://", StringComparison.Ordinal) ? 5 : text.StartsWith("wss://", StringComparison.Ordinal) ? 6 : -1;
        if (hostStart < 0)
        {
            return false;
        }

        int end = hostStart;
        while (end < text.Length && text[end] is not (':' or '/'))
        {
            if (!char.IsAsciiLetterOrDigit(text[end]) && text[end] is not ('-' or '.'))
            {
                return false;
            }

            end++;
        }

        if (end == hostStart)
        {
            return false;
        }

        if (end < text.Length && text[end] == ':')
        {
            for (int i = end + 1; i < text.Length && text[i] != '/'; i++)
            {
                if (!char.IsAsciiDigit(text[i]))
                {
                    return false;
                }
            }
        }

        return Uri.TryCreate(text, UriKind.Absolute, out url!);
    }

    /// <summary>responseHandler: CUSTOM &lt;subclass&gt; with the channel's data and the JSON as its body, from the channel.</summary>
    internal void FireAudioStreamEvent(EslEmulatorChannel channel, string subclass, string body)
    {
        const string File = "mod_audio_stream.c";
        const string Function = "responseHandler";
        const int Line = 16;
        if (channel.OutboundCall is { } call)
        {
            call.FireCustom(subclass, body, File, Function, Line);
        }
        else if (channel.CallLeg is { } leg)
        {
            var ev = leg.CreateEvent("CUSTOM", subclass, File, Function, Line);
            leg.Publish(ev.SetBody(body));
        }
        else
        {
            var ev = CreateEvent("CUSTOM", subclass, File, Function, Line);
            AppendChannelData(ev, channel);
            Deliver(ev.SetBody(body), only: null);
        }
    }

    /// <summary>What <see cref="CreateChannelEvent"/> adds about a scripted channel.</summary>
    private static void AppendChannelData(EslEmulatorEvent ev, EslEmulatorChannel channel)
    {
        ev.AddHeader("Channel-State", channel.State)
            .AddHeader("Channel-Call-State", channel.CallState)
            .AddHeader("Channel-State-Number", channel.StateNumber.ToString(CultureInfo.InvariantCulture))
            .AddHeader("Channel-Name", channel.Name)
            .AddHeader("Unique-ID", channel.Id)
            .AddHeader("Call-Direction", channel.Direction)
            .AddHeader("Presence-Call-Direction", channel.Direction)
            .AddHeader("Channel-HIT-Dialplan", "true")
            .AddHeader("Channel-Call-UUID", channel.Id)
            .AddHeader("Answer-State", channel.AnswerState)
            .AddHeader("Caller-Direction", channel.Direction)
            .AddHeader("Caller-Logical-Direction", channel.Direction)
            .AddHeader("Caller-Caller-ID-Name", channel.CallerIdName)
            .AddHeader("Caller-Caller-ID-Number", channel.CallerIdNumber)
            .AddHeader("Caller-Destination-Number", channel.DestinationNumber)
            .AddHeader("Caller-Unique-ID", channel.Id)
            .AddHeader("Caller-Context", channel.Context)
            .AddHeader("Caller-Channel-Name", channel.Name);
        foreach (var (key, value) in channel.Variables)
        {
            ev.AddHeader("variable_" + key, value);
        }
    }
}
