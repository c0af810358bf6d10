using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>
/// Which headers describe a channel, in which order: the caller profile's fields
/// (<c>switch_caller_profile_event_set_data</c>, written once with the prefix <c>Channel-</c> in the connect
/// reply and with <c>Caller-</c> in every channel event) and the basic channel data
/// (<c>switch_channel_event_set_basic_data</c>: <c>Channel-State</c> … <c>Answer-State</c>, codecs). A field
/// whose value is null is live: it is read from the channel each time (state, names, numbers, times).
/// </summary>
internal sealed class FsChannelLayout
{
    /// <summary>Profile fields whose value comes from the channel.</summary>
    private static readonly HashSet<string> LiveProfileFields = new(StringComparer.Ordinal)
    {
        "Direction", "Logical-Direction", "Caller-ID-Name", "Caller-ID-Number", "Destination-Number", "Unique-ID",
        "Context", "Channel-Name", "Channel-Answered-Time", "Channel-Progress-Time", "Channel-Progress-Media-Time",
        "Channel-Hangup-Time",
    };

    /// <summary>Basic headers whose value comes from the channel.</summary>
    private static readonly HashSet<string> LiveBasicFields = new(StringComparer.Ordinal)
    {
        "Channel-State", "Channel-Call-State", "Channel-State-Number", "Channel-Name", "Unique-ID", "Call-Direction",
        "Presence-Call-Direction", "Channel-Call-UUID", "Answer-State",
    };

    public List<(string Suffix, string? Value)> Profile { get; } = [];

    public List<(string Name, string? Value)> Basic { get; } = [];

    /// <summary>Channel-State, Channel-Call-State and Answer-State when the socket connects.</summary>
    public string State { get; set; } = "CS_EXECUTE";

    public string? CallState { get; set; }

    public string? AnswerState { get; set; }

    public int StateNumber { get; set; } = 4;

    /// <summary>Times (µs since the epoch) already set when the socket connects; 0 when not.</summary>
    public long Created { get; set; }

    public long Answered { get; set; }

    public long Progress { get; set; }

    public long ProgressMedia { get; set; }

    /// <summary>True when <see cref="EslOutboundCallOptions.Variables"/> holds every variable (no defaults are added).</summary>
    public bool VariablesComplete { get; set; }

    public string ConnectCallingFile { get; set; } = "mod_event_socket.c";

    public string ConnectCallingFunction { get; set; } = "parse_command";

    /// <summary>FreeSWITCH 1.11's layout (the outbound-async-full capture), with fixed values taken from the options.</summary>
    public static FsChannelLayout Default(EslOutboundCallOptions options, long created)
    {
        string now = created.ToString(CultureInfo.InvariantCulture);
        var layout = new FsChannelLayout { Created = created };
        layout.Profile.AddRange(
        [
            ("Direction", null), ("Logical-Direction", null), ("Username", options.CallerIdNumber), ("Dialplan", "XML"),
            ("Caller-ID-Name", null), ("Caller-ID-Number", null), ("Orig-Caller-ID-Name", options.CallerIdName),
            ("Orig-Caller-ID-Number", options.CallerIdNumber), ("Network-Addr", "127.0.0.1"), ("ANI", options.CallerIdNumber),
            ("Destination-Number", null), ("Unique-ID", null), ("Source", "mod_sofia"), ("Context", null),
            ("Channel-Name", null), ("Profile-Index", "1"), ("Profile-Created-Time", now), ("Channel-Created-Time", now),
            ("Channel-Answered-Time", null), ("Channel-Progress-Time", null), ("Channel-Progress-Media-Time", null),
            ("Channel-Hangup-Time", null), ("Channel-Transfer-Time", "0"), ("Channel-Resurrect-Time", "0"),
            ("Channel-Bridged-Time", "0"), ("Channel-Last-Hold", "0"), ("Channel-Hold-Accum", "0"), ("Screen-Bit", "true"),
            ("Privacy-Hide-Name", "false"), ("Privacy-Hide-Number", "false"),
        ]);
        layout.Basic.AddRange(
        [
            ("Channel-State", null), ("Channel-Call-State", null), ("Channel-State-Number", null), ("Channel-Name", null),
            ("Unique-ID", null), ("Call-Direction", null), ("Presence-Call-Direction", null), ("Channel-HIT-Dialplan", "true"),
            ("Channel-Call-UUID", null), ("Answer-State", null), ("Channel-Read-Codec-Name", "PCMU"),
            ("Channel-Read-Codec-Rate", "8000"), ("Channel-Read-Codec-Bit-Rate", "64000"), ("Channel-Write-Codec-Name", "PCMU"),
            ("Channel-Write-Codec-Rate", "8000"), ("Channel-Write-Codec-Bit-Rate", "64000"),
        ]);
        if (options.Answered)
        {
            layout.Answered = created;
        }

        return layout;
    }

    /// <summary>A fixed profile value (e.g. Channel-Bridged-Time) as a number, 0 when absent or live.</summary>
    public long ProfileNumber(string suffix)
    {
        foreach (var (name, value) in Profile)
        {
            if (name == suffix && value is not null && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number))
            {
                return number;
            }
        }

        return 0;
    }

    /// <summary>The value of a fixed basic header, or null.</summary>
    public string? BasicValue(string name)
    {
        foreach (var (header, value) in Basic)
        {
            if (header == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Reads a connect reply's decoded headers into <paramref name="options"/> and its layout.</summary>
    public static void Parse(IReadOnlyList<KeyValuePair<string, string>> headers, EslOutboundCallOptions options)
    {
        int sequence = IndexOf(headers, "Event-Sequence");
        if (sequence < 0 || Get(headers, "Event-Name") != "CHANNEL_DATA")
        {
            throw new ArgumentException("Not a connect reply: it needs Event-Name: CHANNEL_DATA and the standard event headers.", nameof(headers));
        }

        var layout = new FsChannelLayout { VariablesComplete = true };
        layout.ConnectCallingFile = Get(headers, "Event-Calling-File") ?? layout.ConnectCallingFile;
        layout.ConnectCallingFunction = Get(headers, "Event-Calling-Function") ?? layout.ConnectCallingFunction;
        if (int.TryParse(Get(headers, "Event-Calling-Line-Number"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int line))
        {
            options.ConnectCallingLine = line;
        }

        int i = sequence + 1;
        var profile = new Dictionary<string, string>(StringComparer.Ordinal);
        for (; i < headers.Count && headers[i].Key.StartsWith("Channel-", StringComparison.Ordinal) && headers[i].Key != "Channel-State"; i++)
        {
            string suffix = headers[i].Key["Channel-".Length..];
            profile[suffix] = headers[i].Value;
            layout.Profile.Add((suffix, LiveProfileFields.Contains(suffix) ? null : headers[i].Value));
        }

        var basic = new Dictionary<string, string>(StringComparer.Ordinal);
        for (; i < headers.Count && !IsCallerOrLater(headers[i].Key); i++)
        {
            string name = headers[i].Key;
            if (name == "Hangup-Cause")
            {
                throw new ArgumentException("The channel had already hung up when it connected.", nameof(headers));
            }

            basic[name] = headers[i].Value;
            layout.Basic.Add((name, LiveBasicFields.Contains(name) ? null : headers[i].Value));
        }

        int caller = 0;
        for (; i < headers.Count && headers[i].Key.StartsWith("Caller-", StringComparison.Ordinal); i++, caller++)
        {
            if (caller >= layout.Profile.Count || headers[i].Key != "Caller-" + layout.Profile[caller].Suffix)
            {
                throw new ArgumentException($"The Caller- profile does not repeat the Channel- profile at {headers[i].Key}.", nameof(headers));
            }
        }

        for (; i < headers.Count && headers[i].Key.StartsWith("variable_", StringComparison.Ordinal); i++)
        {
            options.Variables.Add(new(headers[i].Key["variable_".Length..], headers[i].Value));
        }

        options.Async = Get(headers, "Socket-Mode") == "async";
        options.Full = Get(headers, "Control") == "full";
        options.UniqueId = Guid.TryParse(basic.GetValueOrDefault("Unique-ID") ?? profile.GetValueOrDefault("Unique-ID"), out var uniqueId) ? uniqueId : null;
        options.ChannelName = basic.GetValueOrDefault("Channel-Name") ?? profile.GetValueOrDefault("Channel-Name") ?? options.ChannelName;
        options.Direction = basic.GetValueOrDefault("Call-Direction") ?? profile.GetValueOrDefault("Direction") ?? options.Direction;
        options.CallerIdName = profile.GetValueOrDefault("Caller-ID-Name") ?? options.CallerIdName;
        options.CallerIdNumber = profile.GetValueOrDefault("Caller-ID-Number") ?? options.CallerIdNumber;
        options.DestinationNumber = profile.GetValueOrDefault("Destination-Number") ?? options.DestinationNumber;
        options.Context = profile.GetValueOrDefault("Context") ?? options.Context;
        layout.State = basic.GetValueOrDefault("Channel-State") ?? layout.State;
        layout.CallState = basic.GetValueOrDefault("Channel-Call-State");
        layout.AnswerState = basic.GetValueOrDefault("Answer-State");
        layout.StateNumber = int.TryParse(basic.GetValueOrDefault("Channel-State-Number"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) ? number : 4;
        layout.Created = Number(profile.GetValueOrDefault("Channel-Created-Time"));
        layout.Answered = Number(profile.GetValueOrDefault("Channel-Answered-Time"));
        layout.Progress = Number(profile.GetValueOrDefault("Channel-Progress-Time"));
        layout.ProgressMedia = Number(profile.GetValueOrDefault("Channel-Progress-Media-Time"));
        options.Answered = layout.Answered != 0;
        var variables = options.Variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        if (variables.GetValueOrDefault("current_application") == "socket" && variables.GetValueOrDefault("current_application_data") is { } arguments)
        {
            options.SocketArguments = arguments;
        }

        options.Layout = layout;

        static bool IsCallerOrLater(string name) =>
            name.StartsWith("Caller-", StringComparison.Ordinal) || name.StartsWith("variable_", StringComparison.Ordinal) || name == "Content-Type";
    }

    private static long Number(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) ? number : 0;

    private static int IndexOf(IReadOnlyList<KeyValuePair<string, string>> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers[i].Key == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static string? Get(IReadOnlyList<KeyValuePair<string, string>> headers, string name) =>
        IndexOf(headers, name) is int i and >= 0 ? headers[i].Value : null;
}
