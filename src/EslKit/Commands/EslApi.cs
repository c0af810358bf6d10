namespace EslKit.Commands;

/// <summary>
/// Argument builders for the API commands a controller needs. Each value is checked and escaped for how
/// the command splits its arguments (on spaces, with FreeSWITCH's quote and backslash rules), so it
/// arrives as exactly that value in exactly that argument. Send the result with
/// <see cref="EslCommands.Api(EslApiCall)"/> or <see cref="EslCommands.BgApi(EslApiCall, Guid)"/>.
/// </summary>
public static partial class EslApi
{
    /// <summary><c>originate &lt;argument&gt;</c>.</summary>
    public static EslApiCall Originate(EslOriginate originate) => EslApiCall.Originate(originate);

    /// <summary>
    /// <c>uuid_audio_stream &lt;uuid&gt; start &lt;url&gt; &lt;mono|mixed|stereo&gt; &lt;8k|16k&gt; [metadata]</c>:
    /// stream the call's audio to a WebSocket (mod_audio_stream); the metadata arrives as the first text frame.
    /// </summary>
    /// <param name="uuid">The channel.</param>
    /// <param name="url">A <c>ws://</c> or <c>wss://</c> URL (printable ASCII, no space, quote or backslash).</param>
    /// <param name="mix">Which audio to stream.</param>
    /// <param name="rate">The sampling rate.</param>
    /// <param name="metadata">
    /// Text for the first frame, e.g. JSON with ids. Spaces, <c>,</c>, <c>|</c>, quotes and UTF-8 are carried;
    /// a backslash is refused (mod_audio_stream unescapes it, so JSON string escapes would break), as are
    /// line breaks, control characters, <c>${</c> and leading/trailing blanks.
    /// </param>
    public static EslApiCall AudioStreamStart(Guid uuid, string url, EslAudioMix mix = EslAudioMix.Mono, EslAudioRate rate = EslAudioRate.Rate16k, string? metadata = null)
    {
        CheckWebSocketUrl(url, nameof(url));
        string mixWord = mix switch
        {
            EslAudioMix.Mono => "mono",
            EslAudioMix.Mixed => "mixed",
            EslAudioMix.Stereo => "stereo",
            _ => throw new EslValueRejectedException(nameof(mix), EslRejectionReason.OutOfRange),
        };
        string rateWord = rate switch
        {
            EslAudioRate.Rate8k => "8k",
            EslAudioRate.Rate16k => "16k",
            _ => throw new EslValueRejectedException(nameof(rate), EslRejectionReason.OutOfRange),
        };
        var guard = default(EslHijackGuard);
        guard.Add(url, nameof(url));
        string arguments = Join(uuid, "start", url, mixWord, rateWord);
        if (!string.IsNullOrEmpty(metadata))
        {
            // The sixth word keeps the rest of the line unsplit, so only quotes need escaping there.
            guard.Add(EslValues.Parsed(metadata, nameof(metadata), EslEscape.RestOfLine), nameof(metadata));
            arguments = $"{arguments} {EslText.Escape(metadata, EslEscape.RestOfLine)}";
        }

        return EslApiCall.Built("uuid_audio_stream", arguments);
    }

    /// <summary><c>uuid_audio_stream &lt;uuid&gt; stop [text]</c>: stop streaming, optionally sending a last text frame.</summary>
    public static EslApiCall AudioStreamStop(Guid uuid, string? text = null) =>
        EslApiCall.Built("uuid_audio_stream", string.IsNullOrEmpty(text) ? Join(uuid, "stop") : Join(uuid, "stop", Token(text, nameof(text))));

    /// <summary><c>uuid_audio_stream &lt;uuid&gt; send_text &lt;text&gt;</c>: a text frame to the WebSocket server.</summary>
    public static EslApiCall AudioStreamSendText(Guid uuid, string text) =>
        EslApiCall.Built("uuid_audio_stream", Join(uuid, "send_text", Token(text, nameof(text))));

    /// <summary><c>uuid_audio_stream &lt;uuid&gt; pause</c>.</summary>
    public static EslApiCall AudioStreamPause(Guid uuid) => EslApiCall.Built("uuid_audio_stream", Join(uuid, "pause"));

    /// <summary><c>uuid_audio_stream &lt;uuid&gt; resume</c>.</summary>
    public static EslApiCall AudioStreamResume(Guid uuid) => EslApiCall.Built("uuid_audio_stream", Join(uuid, "resume"));

    /// <summary><c>uuid_kill &lt;uuid&gt; [cause]</c>: hang the channel up, e.g. with <c>NORMAL_CLEARING</c>.</summary>
    public static EslApiCall UuidKill(Guid uuid, string? cause = null)
    {
        if (cause is null)
        {
            return EslApiCall.Built("uuid_kill", Join(uuid));
        }

        EslValues.Name(cause, nameof(cause), EslValues.CommandNameExtra);
        return EslApiCall.Built("uuid_kill", Join(uuid, cause));
    }

    /// <summary><c>uuid_break &lt;uuid&gt; [all]</c>: stop the playback in progress (all queued ones with <paramref name="all"/>).</summary>
    public static EslApiCall UuidBreak(Guid uuid, bool all = false) => EslApiCall.Built("uuid_break", all ? Join(uuid, "all") : Join(uuid));

    /// <summary><c>uuid_broadcast &lt;uuid&gt; &lt;path&gt; &lt;aleg|bleg|both&gt;</c>: play a file (or <c>app::args</c>) into the call.</summary>
    /// <param name="uuid">The channel.</param>
    /// <param name="path">One argument: spaces and quotes are escaped; a backslash, <c>${</c> or control character is refused.</param>
    /// <param name="leg">Who hears it.</param>
    public static EslApiCall UuidBroadcast(Guid uuid, string path, EslBroadcastLeg leg = EslBroadcastLeg.ALeg)
    {
        string legWord = leg switch
        {
            EslBroadcastLeg.ALeg => "aleg",
            EslBroadcastLeg.BLeg => "bleg",
            EslBroadcastLeg.Both => "both",
            _ => throw new EslValueRejectedException(nameof(leg), EslRejectionReason.OutOfRange),
        };
        return EslApiCall.Built("uuid_broadcast", Join(uuid, Token(path, nameof(path)), legWord));
    }

    /// <summary><c>uuid_setvar &lt;uuid&gt; &lt;name&gt; &lt;value&gt;</c>: set a channel variable to exactly <paramref name="value"/>.</summary>
    /// <param name="uuid">The channel.</param>
    /// <param name="name">The variable: ASCII letters, digits, <c>_ . -</c>.</param>
    /// <param name="value">The rest of the line (spaces carried, quotes escaped); no backslash, <c>${</c>, control characters or leading/trailing blanks.</param>
    /// <param name="secret">Mask the value in <see cref="object.ToString"/> and logs.</param>
    public static EslApiCall UuidSetVar(Guid uuid, string name, string value, bool secret = false)
    {
        EslValues.Name(name, nameof(name), EslValues.VariableNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(name, nameof(name));
        guard.Add(EslValues.Parsed(value, name, EslEscape.RestOfLine), name);
        string head = Join(uuid, name);
        return EslApiCall.Built("uuid_setvar", $"{head} {EslText.Escape(value, EslEscape.RestOfLine)}", secret || Diagnostics.EslRedaction.IsAlwaysSecret(name) ? head.Length + 1 : -1);
    }

    /// <summary><c>uuid_getvar &lt;uuid&gt; &lt;name&gt;</c>.</summary>
    public static EslApiCall UuidGetVar(Guid uuid, string name)
    {
        EslValues.Name(name, nameof(name), EslValues.VariableNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(name, nameof(name));
        return EslApiCall.Built("uuid_getvar", Join(uuid, name));
    }

    /// <summary><c>sofia status gateway &lt;name&gt;</c>: a gateway's registration state.</summary>
    public static EslApiCall SofiaGatewayStatus(string gateway)
    {
        EslValues.Name(gateway, nameof(gateway), EslValues.ProfileNameExtra);
        var guard = default(EslHijackGuard);
        guard.Add(gateway, nameof(gateway));
        return EslApiCall.Built("sofia", $"status gateway {gateway}");
    }

    private static string Token(string? text, string field)
    {
        var guard = default(EslHijackGuard);
        guard.Add(EslValues.Parsed(text, field, EslEscape.Token), field);
        return EslText.Escape(text!, EslEscape.Token);
    }

    private static string Join(Guid uuid, params ReadOnlySpan<string> words)
    {
        var text = new System.Text.StringBuilder(uuid.ToString("D"));
        foreach (string word in words)
        {
            text.Append(' ').Append(word);
        }

        return text.ToString();
    }

    private static void CheckWebSocketUrl(string? url, string field)
    {
        EslValues.NotNull(url, field);

        // One argument of a space-split list: printable ASCII without the characters that list treats specially.
        if (url!.AsSpan().ContainsAnyExceptInRange('!', '~') || url.AsSpan().ContainsAny("'\\")
            || url.Contains("${", StringComparison.Ordinal)
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != "ws" && uri.Scheme != "wss")
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new EslValueRejectedException(field, url.Length == 0 ? EslRejectionReason.Empty : EslRejectionReason.InvalidFormat);
        }
    }
}
