using System.Globalization;
using System.Text.RegularExpressions;
using EslKit.Testing.Internal;
using EslKit.Testing.Internal.Audio;

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

    /// <summary>
    /// playback (switch_ivr_play_file): PLAYBACK_START, the file's duration, the playback_* variables, PLAYBACK_STOP;
    /// "FILE PLAYED". A file the emulator can read (L16 <c>.r8</c>…<c>.r64</c>, WAV, G.711) plays for its real length and
    /// what was played is what the caller heard; <c>uuid_break</c> stops it (<c>Playback-Status: break</c>).
    /// </summary>
    private async ValueTask<string?> PlaybackAsync(string file, CancellationToken cancellationToken)
    {
        if (FsAudio.TryReadFile(file) is { } audio)
        {
            return await PlaybackFileAsync(file, audio.Samples, audio.Rate, cancellationToken).ConfigureAwait(false);
        }

        var duration = PlaybackDuration(file);
        lock (_fireLock)
        {
            Fire(PlaybackEvent("PLAYBACK_START", file, null));
        }

        long start = Now();
        var (interrupted, broken) = await PlayForAsync(duration, cancellationToken).ConfigureAwait(false);
        long played = interrupted || broken || duration == Timeout.InfiniteTimeSpan ? Math.Max(0, Now() - start) : duration.Ticks / 10;
        long rate = ChannelRate;
        long ms = played / 1000;
        long samples = ms * rate / 1000;
        lock (_fireLock)
        {
            SetVariable("playback_last_offset_pos", samples.ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_seconds", (ms / 1000).ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_ms", ms.ToString(CultureInfo.InvariantCulture));
            SetVariable("playback_samples", samples.ToString(CultureInfo.InvariantCulture));
            Fire(PlaybackEvent("PLAYBACK_STOP", file, interrupted || broken ? "break" : "done"));
        }

        // switch_ivr_play_file returns an error status when the channel went away mid-file.
        return interrupted ? "PLAYBACK ERROR" : "FILE PLAYED";
    }

    /// <summary>
    /// A real file: 20 ms frames for its length; the core reads it in blocks of 32768 samples (playback_samples counts what
    /// was read, so a file broken off after a second reports 2.048 s at 16 kHz) while playback_last_offset_pos counts what
    /// reached the channel, at the channel's rate — as the call-socket-session capture shows.
    /// </summary>
    private async ValueTask<string?> PlaybackFileAsync(string file, short[] samples, int rate, CancellationToken cancellationToken)
    {
        long frameSamples = Math.Max(1, rate / 50);
        long totalFrames = (samples.Length + frameSamples - 1) / frameSamples;
        var duration = TimeSpan.FromMilliseconds(20 * totalFrames);
        EslHeardPlayback heard;
        lock (_fireLock)
        {
            heard = Channel.Heard.Begin(file, _emulator.Options.TimeProvider.GetUtcNow(), FsAudio.Resample(samples, rate, EslHeardAudio.SampleRate));
            Fire(PlaybackEvent("PLAYBACK_START", file, null));
        }

        long start = Now();
        var (interrupted, broken) = await PlayForAsync(duration, cancellationToken).ConfigureAwait(false);
        long frames = interrupted || broken ? Math.Min(totalFrames, (Math.Max(0, Now() - start) + 19_999) / 20_000) : totalFrames;
        long fromFile = Math.Min(samples.Length, frames * frameSamples);
        const long Block = 32768;
        long read = fromFile == samples.Length ? samples.Length : Math.Min(samples.Length, (fromFile + Block - 1) / Block * Block);
        long offset = ((fromFile * ChannelRate) + rate - 1) / rate;
        heard.Finish(fromFile * EslHeardAudio.SampleRate / rate, interrupted || broken);
        lock (_fireLock)
        {
            SetVariable("playback_last_offset_pos", offset.ToString(CultureInfo.InvariantCulture));
            if (rate >= 1000)
            {
                SetVariable("playback_seconds", (read / rate).ToString(CultureInfo.InvariantCulture));
                SetVariable("playback_ms", (read / (rate / 1000)).ToString(CultureInfo.InvariantCulture));
            }

            SetVariable("playback_samples", read.ToString(CultureInfo.InvariantCulture));
            Fire(PlaybackEvent("PLAYBACK_STOP", file, interrupted || broken ? "break" : "done"));
        }

        return interrupted ? "PLAYBACK ERROR" : "FILE PLAYED";
    }

    /// <summary>Plays for <paramref name="duration"/>: (hung up meanwhile, broken off by uuid_break).</summary>
    private async Task<(bool Interrupted, bool Broken)> PlayForAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, BreakToken);
        try
        {
            await DelayAsync(duration, stop.Token).ConfigureAwait(false);
            return (false, false);
        }
        catch (OperationCanceledException) when (_hangupStarted)
        {
            return (true, false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, true); // uuid_break: CF_BREAK ends the file; the application still reports it played
        }
    }

    /// <summary>PLAYBACK_START/STOP: <c>Playback-File-Type</c> only for tone_stream and local_stream, as switch_ivr_play_file adds it.</summary>
    private EslEmulatorEvent PlaybackEvent(string name, string file, string? status)
    {
        var ev = BuildEvent(name, null, null);
        if (file.StartsWith("local_stream:", StringComparison.OrdinalIgnoreCase))
        {
            ev.AddHeader("Playback-File-Type", "local_stream");
        }
        else if (file.StartsWith("tone_stream:", StringComparison.OrdinalIgnoreCase))
        {
            ev.AddHeader("Playback-File-Type", "tone_stream");
        }

        ev.AddHeader("Playback-File-Path", file);
        if (status is not null)
        {
            ev.AddHeader("Playback-Status", status);
        }

        return ev;
    }

    /// <summary>The channel's read codec rate (8 kHz for PCMU).</summary>
    private long ChannelRate => long.TryParse(_layout.BasicValue("Channel-Read-Codec-Rate"), NumberStyles.Integer, CultureInfo.InvariantCulture, out long r) ? r : 8000;

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
