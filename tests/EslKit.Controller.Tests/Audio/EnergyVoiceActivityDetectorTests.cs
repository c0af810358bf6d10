using EslKit.Controller.Audio;

namespace EslKit.Controller.Tests.Audio;

/// <summary>The energy detector on the real call and on synthetic audio.</summary>
public sealed class EnergyVoiceActivityDetectorTests
{
    private static List<(TimeSpan Start, TimeSpan End, TimeSpan StartDecided, TimeSpan EndDecided)> Utterances(short[] audio, EnergyVoiceActivityDetectorOptions? options = null)
    {
        var detector = new EnergyVoiceActivityDetector(options ?? new EnergyVoiceActivityDetectorOptions());
        var found = new List<(TimeSpan, TimeSpan, TimeSpan, TimeSpan)>();
        TimeSpan decided = TimeSpan.Zero;
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            VoiceActivity activity = detector.Process(frame.Span);
            if (activity.Event == VoiceActivityEvent.SpeechStarted)
            {
                decided = activity.FrameEnd;
                Assert.True(activity.InUtterance);
            }
            else if (activity.Event == VoiceActivityEvent.SpeechEnded)
            {
                Assert.False(activity.InUtterance);
                found.Add((activity.UtteranceStart, activity.UtteranceEnd, decided, activity.FrameEnd));
            }
        }

        return found;
    }

    [Fact]
    public void Finds_the_one_sentence_of_the_real_call()
    {
        var utterances = Utterances(CallAudio.Capture);

        var sentence = Assert.Single(utterances);
        Assert.InRange(sentence.Start.TotalSeconds, 1.35, 1.55);
        Assert.InRange(sentence.End.TotalSeconds, 4.5, 4.7);

        // The start is decided after the minimum speech duration, the end after the hangover.
        Assert.InRange((sentence.StartDecided - sentence.Start).TotalMilliseconds, 200, 300);
        Assert.InRange((sentence.EndDecided - sentence.End).TotalMilliseconds, 480, 520);
    }

    [Fact]
    public void Silence_and_steady_noise_are_not_speech()
    {
        Assert.Empty(Utterances(CallAudio.Silence(TimeSpan.FromSeconds(5))));
        Assert.Empty(Utterances(CallAudio.Noise(TimeSpan.FromSeconds(10), -45, seed: 1)));
        Assert.Empty(Utterances(CallAudio.Noise(TimeSpan.FromSeconds(10), -20, seed: 2)));
    }

    [Fact]
    public void A_noisy_line_is_learned_as_noise_from_its_first_moments()
    {
        // A −40 dBFS line hiss from the first sample, a "word" at 3 s: only the word is speech.
        short[] clean = CallAudio.Concat(CallAudio.Silence(TimeSpan.FromSeconds(3)), CallAudio.Tone(300, TimeSpan.FromMilliseconds(800), -12), CallAudio.Silence(TimeSpan.FromSeconds(2.2)));
        short[] audio = CallAudio.Mix(clean, CallAudio.Noise(TimeSpan.FromSeconds(6), -40, seed: 7));

        var word = Assert.Single(Utterances(audio));
        Assert.InRange(word.Start.TotalSeconds, 2.96, 3.04);
        Assert.InRange(word.End.TotalSeconds, 3.76, 3.84);

        // Without learning, the floor starts at −60 dBFS: the hiss opens an utterance at once, held through the word.
        var unlearned = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions { NoiseFloorLearning = TimeSpan.Zero });
        var opened = CallAudio.Frames(audio).Select(frame => unlearned.Process(frame.Span)).First(a => a.Event == VoiceActivityEvent.SpeechStarted);
        Assert.True(opened.FrameEnd < TimeSpan.FromSeconds(0.5), $"{opened}");
        Assert.Empty(Utterances(audio, new EnergyVoiceActivityDetectorOptions { NoiseFloorLearning = TimeSpan.Zero }));

        var detector = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        foreach (var frame in CallAudio.Frames(audio[..(16_000 / 5)]))
        {
            Assert.False(detector.Process(frame.Span).IsSpeechFrame); // nothing in the learning is speech
        }

        Assert.InRange(detector.NoiseFloorDbfs, -44, -38);
    }

    [Fact]
    public void Tone_bursts_over_noise_are_one_utterance_each_with_their_edges()
    {
        var burst = CallAudio.Tone(300, TimeSpan.FromMilliseconds(800), -12);
        var gap = CallAudio.Silence(TimeSpan.FromSeconds(1.2));
        short[] clean = CallAudio.Concat(gap, burst, gap, burst, gap, burst, gap);
        short[] audio = CallAudio.Mix(clean, CallAudio.Noise(TimeSpan.FromSeconds(clean.Length / 16_000.0), -50, seed: 3));

        var utterances = Utterances(audio);

        Assert.Equal(3, utterances.Count);
        for (int i = 0; i < 3; i++)
        {
            double start = 1.2 + (i * 2.0);
            Assert.InRange(utterances[i].Start.TotalSeconds, start - 0.02, start + 0.02);
            Assert.InRange(utterances[i].End.TotalSeconds, start + 0.78, start + 0.82);
        }
    }

    [Fact]
    public void A_cough_shorter_than_the_minimum_speech_duration_starts_nothing()
    {
        var options = new EnergyVoiceActivityDetectorOptions();
        var quiet = CallAudio.Noise(TimeSpan.FromSeconds(1), -55, seed: 4);
        var cough = CallAudio.Noise(TimeSpan.FromMilliseconds(160), -12, seed: 5);
        Assert.True(TimeSpan.FromMilliseconds(160) < options.MinimumSpeechDuration);
        Assert.Empty(Utterances(CallAudio.Concat(quiet, cough, quiet, cough, quiet), options));

        // The same burst, long enough, is an utterance: the duration is what kept the cough out.
        var longer = CallAudio.Noise(TimeSpan.FromMilliseconds(400), -12, seed: 6);
        Assert.Single(Utterances(CallAudio.Concat(quiet, longer, quiet), options));
    }

    [Fact]
    public void Pauses_shorter_than_the_hangover_do_not_split_an_utterance()
    {
        var word = CallAudio.Tone(200, TimeSpan.FromMilliseconds(300), -15);
        var pause = CallAudio.Silence(TimeSpan.FromMilliseconds(350));
        var silence = CallAudio.Silence(TimeSpan.FromSeconds(1));
        Assert.Single(Utterances(CallAudio.Concat(silence, word, pause, word, pause, word, silence)));
        Assert.Equal(3, Utterances(CallAudio.Concat(silence, word, silence, word, silence, word, silence)).Count);
    }

    [Fact]
    public void A_continuous_sound_is_cut_at_the_maximum_utterance()
    {
        var options = new EnergyVoiceActivityDetectorOptions { MaximumUtterance = TimeSpan.FromSeconds(3) };
        var utterances = Utterances(CallAudio.Concat(CallAudio.Silence(TimeSpan.FromSeconds(1)), CallAudio.Tone(440, TimeSpan.FromSeconds(5), -10)), options);
        Assert.InRange((utterances[0].EndDecided - utterances[0].Start).TotalSeconds, 2.98, 3.02);
    }

    [Fact]
    public void Processing_a_frame_allocates_nothing()
    {
        var detector = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        short[] audio = CallAudio.Capture;
        detector.Process(audio.AsSpan(0, CallAudio.FrameLength));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int at = 0; at + CallAudio.FrameLength <= audio.Length; at += CallAudio.FrameLength)
        {
            detector.Process(audio.AsSpan(at, CallAudio.FrameLength));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Reset_starts_over_and_bad_options_are_refused()
    {
        var detector = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(CallAudio.Capture[..(3 * 16_000)]))
        {
            detector.Process(frame.Span);
        }

        Assert.True(detector.InUtterance);
        detector.Reset();
        Assert.False(detector.InUtterance);
        Assert.Equal(TimeSpan.FromMilliseconds(20), detector.Process(new short[320]).FrameEnd);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions { ContinuationThresholdDb = 20 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions { Hangover = TimeSpan.Zero }));
    }
}
