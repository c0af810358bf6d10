using EslKit.Controller.Tests.Speech;

namespace EslKit.Controller.Tests.Audio.Silero;

/// <summary>The Silero detector on espeak-ng speech sent through a telephone line (8 kHz μ-law) over line noise.</summary>
[Collection(SpeechEnginesGroup.Name)]
public sealed class SileroSpeechTests(SpeechEngines engines)
{
    [Theory]
    [InlineData("I would like to book an appointment for next Tuesday.")]
    [InlineData("Yes.")]
    [InlineData("Could you call me back tomorrow morning, please?")]
    public async Task Finds_the_onset_of_espeak_ng_speech_through_a_telephone_line_over_noise(string sentence)
    {
        short[] speech = await engines.Synthesizer.SynthesizeAsync(sentence);
        short[] padded = CallAudio.Pad(speech, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(1.5));
        short[] line = CallAudio.ThroughTelephone(CallAudio.Mix(padded, CallAudio.Noise(TimeSpan.FromSeconds(padded.Length / 16_000.0), -50, seed: 11)));
        (double onset, double offset) = SpeechEdges(speech);

        var utterance = Assert.Single(SileroVoiceActivityDetectorTests.Utterances(line));

        Assert.InRange(utterance.Start.TotalSeconds, 1.5 + onset - 0.1, 1.5 + onset + 0.1);
        // The end is decided by the hangover after the last voiced 32 ms window: a window either side moves it (4.512 s
        // against a 4.507 s bound was seen once), so it is held to 0.2 s, the onset to 0.1 s.
        Assert.InRange(utterance.End.TotalSeconds, 1.5 + offset - 0.2, 1.5 + offset + 0.2);
    }

    /// <summary>Where the synthesised speech really starts and ends (espeak-ng pads it with silence).</summary>
    private static (double Onset, double Offset) SpeechEdges(short[] speech)
    {
        int first = Array.FindIndex(speech, sample => Math.Abs((int)sample) > 300);
        int last = Array.FindLastIndex(speech, sample => Math.Abs((int)sample) > 300);
        Assert.True(first >= 0);
        return (first / 16_000.0, last / 16_000.0);
    }
}
