using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using EslKit.Controller.Speech.PocketSphinx;
using EslKit.Controller.Speech.Scripted;
using EslKit.Controller.Tests.Audio;
using Xunit.Abstractions;

namespace EslKit.Controller.Tests.Speech;

/// <summary>
/// pocketsphinx with the scripted agent's grammar on the real telephone call and on espeak-ng sentences through
/// G.711: with the conditioning it hears them; without it, it does not.
/// </summary>
[Collection(SpeechEnginesGroup.Name)]
public sealed class PocketSphinxRecognitionTests(SpeechEngines engines, ITestOutputHelper output)
{
    /// <summary>What callers of the appointment desk say: every one is in the script's grammar.</summary>
    public static readonly string[] Sentences =
    [
        "I would like to book an appointment for next Tuesday.",
        "I would like to cancel my appointment.",
        "What are your opening hours?",
        "Can I speak to someone please?",
        "Yes please.",
        "No thank you.",
        "Goodbye.",
        "How much does a check up cost?",
        "Next Monday in the morning.",
        "Friday afternoon would be great.",
        "Can you call me back tomorrow?",
        "I would like to change my appointment.",
        "Hello, who is this?",
        "That is all, thank you.",
        "Is Wednesday at ten possible?",
        "I am calling about my bill.",
    ];

    private static readonly SpeechGrammar Grammar = new ScriptedAgentFactory(ScriptedAgentOptions.AppointmentDesk()).Grammar;

    [Fact]
    public async Task The_real_call_is_understood_once_conditioned()
    {
        var transcripts = await Transcripts.RecognizeAsync(engines.Recognizer, Grammar, CallAudio.Capture);

        SpeechTranscript transcript = Assert.Single(transcripts);
        output.WriteLine($"\"{transcript.Text}\" ({transcript.AudioDuration.TotalSeconds:F2} s of audio, RTF {transcript.RealTimeFactor:F3}, final {transcript.FinalizationTime.TotalMilliseconds:F0} ms)");
        string[] words = transcript.Text.Split(' ');
        Assert.Contains("book", words);
        Assert.Contains("appointment", words);
        Assert.Contains("tuesday", words);
        Assert.Contains(transcript.Words, word => word.Text == "tuesday" && word.End > word.Start);
        Assert.InRange(transcript.AudioDuration.TotalSeconds, 3, 4.2);
    }

    [Fact]
    public async Task The_real_call_is_not_understood_without_conditioning()
    {
        // The same audio declared wideband goes to the recogniser as it is.
        var transcripts = await Transcripts.RecognizeAsync(
            engines.Recognizer, Grammar, CallAudio.Capture, new StreamingSpeechRecognizerOptions { Bandwidth = AudioBandwidth.Wideband });

        string heard = string.Join(' ', transcripts.Select(t => t.Text));
        output.WriteLine($"unconditioned: \"{heard}\"");
        string[] words = heard.Split(' ');
        Assert.False(words.Contains("book") && words.Contains("appointment") && words.Contains("tuesday"), heard);
    }

    [Fact]
    public async Task Espeak_sentences_through_a_telephone_line_are_recovered_and_conditioning_is_what_makes_it()
    {
        var telephone = new List<short[]>();
        foreach (string sentence in Sentences)
        {
            short[] speech = await engines.Synthesizer.SynthesizeAsync(sentence);
            telephone.Add(CallAudio.Pad(CallAudio.ThroughTelephone(speech), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8)));
        }

        double conditioned = await WordErrorRateAsync(telephone, AudioBandwidth.Unknown, "conditioned");
        double unconditioned = await WordErrorRateAsync(telephone, AudioBandwidth.Wideband, "unconditioned");

        // Measured on this machine: about 11 % with conditioning (mostly a "yes" read into the end of a sentence),
        // 98 % without (the measurement: 91 %).
        Assert.True(conditioned <= 0.15, $"WER {conditioned:P1} with conditioning");
        Assert.True(unconditioned >= 0.5 && unconditioned >= 4 * conditioned, $"WER {unconditioned:P1} without conditioning vs {conditioned:P1} with");
    }

    [Fact]
    public async Task A_quiet_caller_is_recovered_too()
    {
        // 20 dB quieter than espeak-ng's own level (peaks near −20 dBFS): the held gain brings it back.
        var telephone = new List<short[]>();
        foreach (string sentence in Sentences.Take(8))
        {
            short[] speech = await engines.Synthesizer.SynthesizeAsync(sentence);
            telephone.Add(CallAudio.Pad(CallAudio.Gain(CallAudio.ThroughTelephone(speech), -20), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8)));
        }

        double rate = await WordErrorRateAsync(telephone, AudioBandwidth.Unknown, "quiet, conditioned", Sentences.Take(8).ToArray());
        Assert.True(rate <= 0.15, $"WER {rate:P1}");
    }

    [Fact]
    public async Task Clean_wideband_speech_is_detected_as_wideband_and_recognised_without_conditioning()
    {
        short[] speech = CallAudio.Pad(await engines.Synthesizer.SynthesizeAsync(Sentences[0]), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8));
        await using var recognizer = new StreamingSpeechRecognizer(
            engines.Recognizer, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), new StreamingSpeechRecognizerOptions { WaitForEngine = true }) { Grammar = Grammar };
        var heard = new List<string>();
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(speech))
        {
            if ((await recognizer.ProcessAsync(frame)).Transcript is { } transcript)
            {
                heard.Add(transcript.Text);
            }
        }

        if (await recognizer.FinishAsync() is { Transcript: { } last })
        {
            heard.Add(last.Text); // it waited for a decoder being made past the recording's end
        }

        Assert.Equal(AudioBandwidth.Wideband, recognizer.Bandwidth);
        string[] reference = Transcripts.Words(Sentences[0]);
        Assert.Equal(reference, Assert.Single(heard).Split(' ').Take(reference.Length));
    }

    [Fact]
    public async Task Concurrent_recognitions_each_get_their_own_decoder_and_the_right_words()
    {
        short[][] calls = await Task.WhenAll(Sentences.Take(4).Select(async sentence =>
            CallAudio.Pad(CallAudio.ThroughTelephone(await engines.Synthesizer.SynthesizeAsync(sentence)), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8))));

        string[] heard = await Task.WhenAll(calls.Select(call => Task.Run(async () =>
            string.Join(' ', (await Transcripts.RecognizeAsync(engines.Recognizer, Grammar, call)).Select(t => t.Text)))));

        for (int i = 0; i < heard.Length; i++)
        {
            // Each call gets its own sentence (a stray "yes" read into the noise around it aside).
            Assert.Contains(string.Join(' ', Transcripts.Words(Sentences[i])), heard[i], StringComparison.Ordinal);
        }

        Assert.InRange(engines.Recognizer.DecoderCount, 1, 4);
    }

    [Fact]
    public async Task Callers_speaking_at_once_beyond_the_decoders_lose_no_frame_and_no_word()
    {
        // One decoder, three callers whose sentences overlap, fed frame by frame in lockstep: a recogniser that waited
        // for the decoder inside ProcessAsync would stall every call here. Each call's audio waits in its own ring.
        using var engine = new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 1 });
        short[][] calls = await Task.WhenAll(Sentences.Take(3).Select(async sentence =>
            CallAudio.Pad(CallAudio.ThroughTelephone(await engines.Synthesizer.SynthesizeAsync(sentence)), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8))));
        var options = new StreamingSpeechRecognizerOptions { PendingAudio = TimeSpan.FromSeconds(8) };
        var recognizers = calls.Select(_ => new StreamingSpeechRecognizer(
            engine, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), options) { Grammar = Grammar }).ToList();
        var heard = calls.Select(_ => new List<string>()).ToList();
        var frames = calls.Select(call => CallAudio.Frames(call).ToList()).ToList();
        var silence = new short[CallAudio.FrameLength];
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            for (int at = 0; heard.Any(h => h.Count == 0) && DateTime.UtcNow < deadline; at++)
            {
                for (int i = 0; i < calls.Length; i++)
                {
                    var frame = at < frames[i].Count ? frames[i][at] : silence.AsMemory(); // after its audio, the line stays silent
                    var processing = recognizers[i].ProcessAsync(frame).AsTask();
                    Assert.True(processing.IsCompleted, $"call {i} waited at frame {at}"); // never blocked on the decoder
                    if ((await processing).Transcript is { } transcript)
                    {
                        heard[i].Add(transcript.Text);
                    }
                }

                if (at >= frames.Max(f => f.Count))
                {
                    await Task.Delay(10); // the decoder's hand-over to the next call runs on the pool
                }
            }

            for (int i = 0; i < calls.Length; i++)
            {
                Assert.Contains(string.Join(' ', Transcripts.Words(Sentences[i])), string.Join(' ', heard[i]), StringComparison.Ordinal);
                Assert.Equal(0, recognizers[i].SamplesLost);
            }

            Assert.Equal(1, engine.DecoderCount);
        }
        finally
        {
            foreach (var recognizer in recognizers)
            {
                await recognizer.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_utterance_that_waits_longer_than_the_ring_holds_counts_what_it_lost()
    {
        using var engine = new PocketSphinxSpeechToText(new PocketSphinxOptions { MaxDecoders = 1 });
        short[] sentence = CallAudio.Pad(CallAudio.ThroughTelephone(await engines.Synthesizer.SynthesizeAsync(Sentences[0])), TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.8));
        var options = new StreamingSpeechRecognizerOptions { PendingAudio = TimeSpan.FromSeconds(1) };
        await using var holder = await engine.BeginUtteranceAsync(Grammar); // the one decoder is busy
        await using var recognizer = new StreamingSpeechRecognizer(engine, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), options) { Grammar = Grammar };
        foreach (var frame in CallAudio.Frames(sentence))
        {
            var processing = recognizer.ProcessAsync(frame);
            Assert.True(processing.IsCompleted);
            await processing;
        }

        Assert.True(recognizer.InUtterance); // waiting for the decoder, its speech ended meanwhile
        await holder.DisposeAsync();
        SpeechTranscript? transcript = null;
        for (int i = 0; i < 500 && transcript is null; i++)
        {
            await Task.Delay(10);
            transcript = (await recognizer.ProcessAsync(new short[CallAudio.FrameLength])).Transcript;
        }

        Assert.NotNull(transcript); // what was left of it is still recognised
        Assert.True(recognizer.SamplesLost > 16_000, $"{recognizer.SamplesLost} samples lost"); // the sentence is longer than 1 s + the lead-in
    }

    [Fact]
    public async Task Grammars_with_unknown_words_are_refused_with_the_words_named()
    {
        SpeechGrammar grammar = new SpeechGrammarBuilder().AddPhrase("book a zorblaxian appointment").Build();
        var error = await Assert.ThrowsAsync<SpeechRecognitionException>(async () => await engines.Recognizer.BeginUtteranceAsync(grammar));
        Assert.Contains("zorblaxian", error.Message, StringComparison.Ordinal);
        Assert.Equal(["zorblaxian"], await engines.Recognizer.FindUnknownWordsAsync(["book", "Zorblaxian"]));

        // The decoder went back to the pool and still works.
        await using ISpeechUtterance utterance = await engines.Recognizer.BeginUtteranceAsync(Grammar);
        await utterance.WriteAsync(new short[3_200]);
        Assert.NotNull(await utterance.EndAsync());
    }

    [Fact]
    public async Task An_utterance_cannot_be_used_after_it_ended()
    {
        ISpeechUtterance utterance = await engines.Recognizer.BeginUtteranceAsync(Grammar);
        await utterance.WriteAsync(new short[320]);
        await utterance.EndAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await utterance.WriteAsync(new short[320]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await utterance.EndAsync());
        await utterance.DisposeAsync();
    }

    private async Task<double> WordErrorRateAsync(List<short[]> calls, AudioBandwidth bandwidth, string label, string[]? sentences = null)
    {
        sentences ??= Sentences;
        int errors = 0;
        int words = 0;
        for (int i = 0; i < calls.Count; i++)
        {
            var transcripts = await Transcripts.RecognizeAsync(engines.Recognizer, Grammar, calls[i], new StreamingSpeechRecognizerOptions { Bandwidth = bandwidth });
            string[] reference = Transcripts.Words(sentences[i]);
            string[] hypothesis = string.Join(' ', transcripts.Select(t => t.Text)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int wrong = Transcripts.Errors(reference, hypothesis);
            errors += wrong;
            words += reference.Length;
            if (wrong > 0)
            {
                output.WriteLine($"{label}: \"{sentences[i]}\" -> \"{string.Join(' ', hypothesis)}\"");
            }
        }

        double rate = (double)errors / words;
        output.WriteLine($"{label}: WER {rate:P1} ({errors}/{words} words, {calls.Count} sentences)");
        return rate;
    }
}
