using EslKit.Controller.Audio;
using EslKit.Controller.Audio.Silero;

namespace EslKit.Controller.Tests.Audio.Silero;

/// <summary>The Silero detector (the real model through ONNX Runtime) on the real call and on synthetic audio.</summary>
public sealed class SileroVoiceActivityDetectorTests
{
    internal static List<(TimeSpan Start, TimeSpan End, TimeSpan StartDecided)> Utterances(
        short[] audio, SileroVoiceActivityDetectorOptions? options = null, int sampleRate = CallAudio.SampleRate)
    {
        using var detector = new SileroVoiceActivityDetector(SileroModelFile.Model, options ?? new SileroVoiceActivityDetectorOptions { SampleRate = sampleRate });
        Assert.Equal(sampleRate, detector.SampleRate);
        var found = new List<(TimeSpan, TimeSpan, TimeSpan)>();
        TimeSpan decided = TimeSpan.Zero;
        VoiceActivity last = default;
        int frameLength = sampleRate / 50;
        for (int at = 0; at + frameLength <= audio.Length; at += frameLength)
        {
            VoiceActivity activity = detector.Process(audio.AsSpan(at, frameLength));
            last = activity;
            Assert.Equal(TimeSpan.FromMilliseconds((at / frameLength + 1) * 20), activity.FrameEnd);
            if (activity.Event == VoiceActivityEvent.SpeechStarted)
            {
                Assert.True(activity.InUtterance);
                decided = activity.FrameEnd;
            }
            else if (activity.Event == VoiceActivityEvent.SpeechEnded)
            {
                Assert.False(activity.InUtterance);
                found.Add((activity.UtteranceStart, activity.UtteranceEnd, decided));
            }
        }

        // An utterance still open at the end of the audio counts, ending where the audio ends.
        if (detector.InUtterance)
        {
            found.Add((last.UtteranceStart, last.FrameEnd, decided));
        }

        return found;
    }

    [Fact]
    public void Finds_the_one_sentence_of_the_real_call()
    {
        var sentence = Assert.Single(Utterances(CallAudio.Capture));

        // The soft "I" at 1.4 s gets low probabilities: the model is sure from "would" on (1.57 s), and after a
        // one-window dip keeps it from 1.66 s (the energy detector starts at 1.4 s).
        Assert.InRange(sentence.Start.TotalSeconds, 1.3, 1.75);
        Assert.InRange(sentence.End.TotalSeconds, 4.4, 4.9);
        // Decided after the minimum speech duration (200 ms, counted in 32 ms windows).
        Assert.InRange((sentence.StartDecided - sentence.Start).TotalMilliseconds, 190, 320);
    }

    [Fact]
    public void Finds_the_sentence_of_the_real_call_at_8_kHz()
    {
        short[] narrow = CallAudio.Resample(CallAudio.Capture, CallAudio.SampleRate, 8_000);

        var sentence = Assert.Single(Utterances(narrow, sampleRate: 8_000));

        Assert.InRange(sentence.Start.TotalSeconds, 1.3, 1.75);
        Assert.InRange(sentence.End.TotalSeconds, 4.4, 4.9);
    }

    [Fact]
    public void Silence_noise_and_a_tone_are_not_speech()
    {
        Assert.Empty(Utterances(CallAudio.Silence(TimeSpan.FromSeconds(5))));
        Assert.Empty(Utterances(CallAudio.Noise(TimeSpan.FromSeconds(10), -45, seed: 1)));
        Assert.Empty(Utterances(CallAudio.Noise(TimeSpan.FromSeconds(10), -20, seed: 2)));
        Assert.Empty(Utterances(CallAudio.ThroughTelephone(CallAudio.Noise(TimeSpan.FromSeconds(10), -30, seed: 7))));
    }

    [Fact]
    public void A_loud_noise_burst_longer_than_the_minimum_speech_starts_nothing_unlike_the_energy_detector()
    {
        var quiet = CallAudio.Noise(TimeSpan.FromSeconds(1), -55, seed: 4);
        var burst = CallAudio.Noise(TimeSpan.FromMilliseconds(400), -12, seed: 6);
        short[] audio = CallAudio.Concat(quiet, burst, quiet, burst, quiet);

        Assert.Empty(Utterances(audio));

        // The energy detector hears both bursts: what it cannot tell from speech, the model can.
        var energy = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        int starts = 0;
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            starts += energy.Process(frame.Span).Event == VoiceActivityEvent.SpeechStarted ? 1 : 0;
        }

        Assert.Equal(2, starts);
    }

    [Fact]
    public void Processing_a_frame_allocates_nothing()
    {
        using var detector = new SileroVoiceActivityDetector(SileroModelFile.Model, new SileroVoiceActivityDetectorOptions());
        short[] audio = CallAudio.Capture;
        detector.Process(audio.AsSpan(0, CallAudio.FrameLength));
        detector.Process(audio.AsSpan(CallAudio.FrameLength, CallAudio.FrameLength));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int at = 2 * CallAudio.FrameLength; at + CallAudio.FrameLength <= audio.Length; at += CallAudio.FrameLength)
        {
            detector.Process(audio.AsSpan(at, CallAudio.FrameLength));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Streams_sharing_the_model_in_parallel_each_find_their_sentence()
    {
        short[] audio = CallAudio.Capture[..(8 * CallAudio.SampleRate)];
        var results = new int[8];
        Parallel.For(0, results.Length, i => results[i] = Utterances(audio).Count);
        Assert.All(results, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Reset_starts_over_and_carries_no_state_from_the_previous_stream()
    {
        using var detector = new SileroVoiceActivityDetector(SileroModelFile.Model, new SileroVoiceActivityDetectorOptions());
        short[] audio = CallAudio.Capture[..(3 * CallAudio.SampleRate)];
        var first = new List<float>();
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            detector.Process(frame.Span);
            first.Add(detector.SpeechProbability);
        }

        Assert.True(detector.InUtterance);
        detector.Reset();
        Assert.False(detector.InUtterance);
        Assert.Equal(0f, detector.SpeechProbability);
        var second = new List<float>();
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            detector.Process(frame.Span);
            second.Add(detector.SpeechProbability);
        }

        Assert.Equal(first, second);
        Assert.Contains(first, probability => probability > 0.9f);
    }

    [Fact]
    public void Bad_options_a_missing_model_and_a_file_that_is_no_model_are_refused_clearly()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SileroVoiceActivityDetector(SileroModelFile.Model, new SileroVoiceActivityDetectorOptions { SampleRate = 44_100 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SileroVoiceActivityDetector(SileroModelFile.Model, new SileroVoiceActivityDetectorOptions { ContinuationThreshold = 0.8f }));

        string folder = Directory.CreateTempSubdirectory("eslkit-silero-").FullName;
        try
        {
            var missing = Assert.Throws<SileroVadModelException>(() => new SileroVadModel(Path.Combine(folder, SileroVadModel.FileName)));
            Assert.Contains("scripts/fetch-models.sh", missing.Message, StringComparison.Ordinal);

            string junk = Path.Combine(folder, "junk.onnx");
            File.WriteAllBytes(junk, [1, 2, 3, 4, 5, 6, 7, 8]);
            var notModel = Assert.Throws<SileroVadModelException>(() => new SileroVadModel(junk));
            Assert.Contains("not a loadable ONNX model", notModel.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var detector = new SileroVoiceActivityDetector(SileroModelFile.Model, new SileroVoiceActivityDetectorOptions());
        detector.Dispose();
        detector.Dispose();
        Assert.Throws<ObjectDisposedException>(() => detector.Process(new short[320]));
    }
}
