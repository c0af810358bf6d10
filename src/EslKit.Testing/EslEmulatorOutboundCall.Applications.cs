using System.Globalization;
using System.Text.RegularExpressions;
using EslKit.Testing.Internal;

namespace EslKit.Testing;

/// <summary>The built-in applications and how an application is chosen.</summary>
public sealed partial class EslEmulatorOutboundCall
{
    private static readonly Dictionary<string, Func<EslEmulatorOutboundCall, EslEmulatorApplicationContext, CancellationToken, ValueTask<string?>>> BuiltIns =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["answer"] = static async (call, _, ct) =>
            {
                await call.AnswerCoreAsync(ct).ConfigureAwait(false);
                return null;
            },
            ["pre_answer"] = static (call, _, _) =>
            {
                call.PreAnswer();
                return ValueTask.FromResult<string?>(null);
            },
            ["playback"] = static (call, context, ct) => call.PlaybackAsync(context.Argument ?? string.Empty, ct),
            ["set"] = static (call, context, _) => SetFromArgument(call, context.Argument),
            ["export"] = static (call, context, _) => SetFromArgument(call, context.Argument),
            ["unset"] = static (call, context, _) =>
            {
                if (!string.IsNullOrEmpty(context.Argument))
                {
                    call.SetVariable(context.Argument, string.Empty);
                }

                return ValueTask.FromResult<string?>(null);
            },
            ["sleep"] = static async (call, context, ct) =>
            {
                // switch_ivr_sleep returns early on CF_BREAK.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, call.BreakToken);
                try
                {
                    await call.DelayAsync(TimeSpan.FromMilliseconds(FsPacketParser.Atoi(context.Argument ?? "0")), stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                }

                return null;
            },
            ["hangup"] = static (call, context, _) =>
            {
                call.Hangup(string.IsNullOrEmpty(context.Argument) ? "NORMAL_CLEARING" : context.Argument);
                return ValueTask.FromResult<string?>(null);
            },
            ["park"] = static async (call, _, ct) =>
            {
                await call.DelayAsync(Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false); // until the channel hangs up
                return null;
            },
            ["log"] = static (_, _, _) => ValueTask.FromResult<string?>(null),
        };

    internal ValueTask<string?> RunBuiltInAsync(EslEmulatorApplicationContext context, CancellationToken cancellationToken) =>
        BuiltIns.TryGetValue(context.Name, out var builtIn)
            ? builtIn(this, context, cancellationToken)
            : throw new InvalidOperationException($"The emulator has no built-in application '{context.Name}'.");

    private static ValueTask<string?> SetFromArgument(EslEmulatorOutboundCall call, string? argument)
    {
        // "name=value"; without '=' FreeSWITCH only logs its usage.
        int equals = argument?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (equals > 0)
        {
            call.SetVariable(argument![..equals], argument[(equals + 1)..]);
        }

        return ValueTask.FromResult<string?>(null);
    }

    private EslEmulatorApplication? ResolveApplication(string name)
    {
        if (_options.Applications.TryGetValue(name, out var scripted))
        {
            return scripted;
        }

        if (BuiltIns.TryGetValue(name, out var builtIn))
        {
            return (context, ct) => builtIn(this, context, ct);
        }

        return _options.DefaultApplication;
    }

    /// <summary>pre_answer: early media (CHANNEL_PROGRESS_MEDIA, call state EARLY).</summary>
    private void PreAnswer()
    {
        lock (_fireLock)
        {
            if (_hangupStarted || Volatile.Read(ref _answeredAt) != 0 || _progressMediaAt != 0)
            {
                return;
            }

            _progressMediaAt = Now();
            Channel.AnswerState = "early";
            Fire(BuildEvent("CHANNEL_PROGRESS_MEDIA", null, null));
            SetCallState("EARLY");
        }
    }

    /// <summary>playback: PLAYBACK_START, the file's duration, the playback_* variables, PLAYBACK_STOP; "FILE PLAYED".</summary>
    private async ValueTask<string?> PlaybackAsync(string file, CancellationToken cancellationToken)
    {
        var duration = PlaybackDuration(file);
        string type = file.IndexOf("://", StringComparison.Ordinal) is int scheme and > 0 ? file[..scheme] : Path.GetExtension(file).TrimStart('.');
        lock (_fireLock)
        {
            Fire(BuildEvent("PLAYBACK_START", null, null).AddHeader("Playback-File-Type", type).AddHeader("Playback-File-Path", file));
        }

        long start = Now();
        bool interrupted = false;
        bool broken = false;
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, BreakToken))
        {
            try
            {
                await DelayAsync(duration, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_hangupStarted)
            {
                interrupted = true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                broken = true; // uuid_break: CF_BREAK ends the file; the application still reports it played
            }
        }

        long played = interrupted || broken || duration == Timeout.InfiniteTimeSpan ? Math.Max(0, Now() - start) : duration.Ticks / 10;
        long rate = long.TryParse(_layout.BasicValue("Channel-Read-Codec-Rate"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long r) ? r : 8000;
        long ms = played / 1000;
        long samples = ms * rate / 1000;
        lock (_fireLock)
        {
            SetVariable("playback_last_offset_pos", samples.ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_seconds", (ms / 1000).ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_ms", ms.ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_samples", samples.ToString(CultureInfo.InvariantCulture));
            Fire(BuildEvent("PLAYBACK_STOP", null, null)
                .AddHeader("Playback-File-Type", type)
                .AddHeader("Playback-File-Path", file)
                .AddHeader("Playback-Status", interrupted || broken ? "break" : "done"));
        }

        // switch_ivr_play_file returns an error status when the channel went away mid-file.
        return interrupted ? "PLAYBACK ERROR" : "FILE PLAYED";
    }

    private TimeSpan PlaybackDuration(string file)
    {
        if (_options.PlaybackDurations.TryGetValue(file, out var scripted))
        {
            return scripted;
        }

        // tone_stream://%(on,off,freq…)[;loops=N]: one cycle of on+off ms per loop; loops=-1 plays until hangup.
        var tone = ToneStream().Match(file);
        if (tone.Success)
        {
            int loops = tone.Groups[3].Success ? int.Parse(tone.Groups[3].Value, CultureInfo.InvariantCulture) : 1;
            if (loops < 0)
            {
                return Timeout.InfiniteTimeSpan;
            }

            return TimeSpan.FromMilliseconds((long.Parse(tone.Groups[1].Value, CultureInfo.InvariantCulture) + long.Parse(tone.Groups[2].Value, CultureInfo.InvariantCulture)) * Math.Max(1, loops));
        }

        return _options.DefaultPlaybackDuration;
    }

    [GeneratedRegex(@"^tone_stream://%\((\d+),(\d+)[^)]*\)(?:.*;loops=(-?\d+))?", RegexOptions.CultureInvariant)]
    private static partial Regex ToneStream();
}
