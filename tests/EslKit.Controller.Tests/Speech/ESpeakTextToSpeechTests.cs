using EslKit.AudioStream;
using EslKit.Controller.Speech;

namespace EslKit.Controller.Tests.Speech;

/// <summary>espeak-ng in process: speech, not silence; streamed; cancellable; serialised safely under concurrency.</summary>
[Collection(SpeechEnginesGroup.Name)]
public sealed class ESpeakTextToSpeechTests(SpeechEngines engines)
{
    private static int ActiveFrames(short[] audio) =>
        Enumerable.Range(0, audio.Length / 320).Count(i => PcmLevel.RmsDbfs(audio.AsSpan(i * 320, 320)) > -40);

    [Fact]
    public async Task A_sentence_becomes_seconds_of_16_kHz_speech()
    {
        short[] audio = await engines.Synthesizer.SynthesizeAsync("Hello, this is the clinic's automated assistant. How can I help you today?");

        double seconds = audio.Length / 16_000.0;
        Assert.InRange(seconds, 3, 8);
        Assert.True(PcmLevel.PeakDbfs(audio) > -12, "loud enough to hear");
        Assert.True(ActiveFrames(audio) > audio.Length / 320 / 2, "mostly speech, not silence");
    }

    [Fact]
    public async Task Streaming_yields_several_chunks_that_add_up_to_the_whole()
    {
        const string Text = "Your appointment is on Tuesday at ten. We will send you a reminder.";
        var chunks = new List<short[]>();
        await foreach (ReadOnlyMemory<short> chunk in engines.Synthesizer.StreamAsync(Text))
        {
            chunks.Add(chunk.ToArray());
        }

        Assert.True(chunks.Count > 5, $"{chunks.Count} chunks");

        // espeak-ng carries a little state from one text to the next, so two syntheses are alike, not identical.
        short[] streamed = chunks.SelectMany(chunk => chunk).ToArray();
        short[] whole = await engines.Synthesizer.SynthesizeAsync(Text);
        Assert.InRange(streamed.Length, whole.Length * 0.9, whole.Length * 1.1);
        Assert.True(ActiveFrames(streamed) > streamed.Length / 320 / 2);
    }

    [Fact]
    public async Task Concurrent_requests_are_serialised_and_each_gets_its_own_audio()
    {
        string[] texts = ["One.", "Two two.", "Three three three.", "Four four four four.", "Five five five five five."];
        short[][] alone = new short[texts.Length][];
        for (int i = 0; i < texts.Length; i++)
        {
            alone[i] = await engines.Synthesizer.SynthesizeAsync(texts[i]);
        }

        short[][] together = await Task.WhenAll(texts.Select(text => Task.Run(async () => await engines.Synthesizer.SynthesizeAsync(text))));

        // No request got another's audio, or a mixture: each is as long as its text alone gives (±10 %).
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.InRange(together[i].Length, alone[i].Length * 0.9, alone[i].Length * 1.1);
            Assert.True(ActiveFrames(together[i]) > 10);
        }
    }

    [Fact]
    public async Task A_cancelled_request_stops_and_the_engine_goes_on()
    {
        using var cancellation = new CancellationTokenSource();
        int chunks = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ReadOnlyMemory<short> chunk in engines.Synthesizer.StreamAsync(string.Join(' ', Enumerable.Repeat("This is a long reply that the caller interrupts.", 20)), cancellation.Token))
            {
                if (++chunks == 2)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(ActiveFrames(await engines.Synthesizer.SynthesizeAsync("Still here.")) > 10);
    }

    [Fact]
    public async Task Empty_or_oversized_text_is_refused_and_control_characters_are_harmless()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await engines.Synthesizer.SynthesizeAsync("  "));
        await Assert.ThrowsAsync<ArgumentException>(async () => await engines.Synthesizer.SynthesizeAsync(new string('a', 5_000)));
        Assert.True(ActiveFrames(await engines.Synthesizer.SynthesizeAsync("Hello\0 there\u0007.")) > 10);
    }

    [Fact]
    public void A_second_instance_in_the_process_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => new Controller.Speech.ESpeak.ESpeakTextToSpeech(new Controller.Speech.ESpeak.ESpeakOptions()));
    }
}
