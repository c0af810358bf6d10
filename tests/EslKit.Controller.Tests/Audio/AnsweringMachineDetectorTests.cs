using EslKit.Controller.Audio;
using EslKit.Controller.Tests.Speech;

namespace EslKit.Controller.Tests.Audio;

/// <summary>
/// Answering-machine detection on espeak-ng speech through a telephone channel, as the controller runs it: the
/// energy detector's decisions per 20 ms frame into the detector, with background noise as on a real line.
/// </summary>
[Collection(SpeechEnginesGroup.Name)]
public sealed class AnsweringMachineDetectorTests(SpeechEngines engines)
{
    private const string Voicemail = "Hi, you have reached the voicemail of John Smith. I am not available right now. Please leave a message after the tone.";

    [Fact]
    public async Task A_short_hello_followed_by_silence_is_a_person()
    {
        var audio = CallAudio.Concat(CallAudio.Silence(TimeSpan.FromMilliseconds(400)), await SpeechAsync("hello?"), CallAudio.Silence(TimeSpan.FromSeconds(5)));
        var (result, decidedAt, _) = Detect(audio, new AnsweringMachineDetectorOptions());
        Assert.Equal(AnsweringMachineResult.Human, result);
        Assert.InRange(decidedAt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5)); // the hello's end plus the silence after it
    }

    [Fact]
    public async Task A_voicemail_greeting_is_a_machine_before_it_ends()
    {
        short[] greeting = await SpeechAsync(Voicemail);
        var audio = CallAudio.Concat(CallAudio.Silence(TimeSpan.FromMilliseconds(300)), greeting, CallAudio.Silence(TimeSpan.FromSeconds(3)));
        var options = new AnsweringMachineDetectorOptions();
        var (result, decidedAt, _) = Detect(audio, options);
        Assert.Equal(AnsweringMachineResult.Machine, result);
        Assert.True(decidedAt < TimeSpan.FromSeconds(0.3 + ((double)greeting.Length / CallAudio.SampleRate)), $"decided at {decidedAt}");
        Assert.True(decidedAt >= options.MachineMinSpeech);
    }

    [Fact]
    public void Silence_is_unknown_after_the_initial_silence()
    {
        var options = new AnsweringMachineDetectorOptions();
        var (result, decidedAt, _) = Detect(CallAudio.Noise(TimeSpan.FromSeconds(8), -60, seed: 3), options);
        Assert.Equal(AnsweringMachineResult.Unknown, result);
        Assert.Equal(options.InitialSilence, decidedAt);
    }

    [Fact]
    public async Task Speech_between_a_hello_and_a_greeting_then_silence_is_unknown()
    {
        // About 2.2 s of speech: longer than a person's opening, shorter than a machine's.
        var options = new AnsweringMachineDetectorOptions { HumanMaxSpeech = TimeSpan.FromSeconds(1), MachineMinSpeech = TimeSpan.FromSeconds(4) };
        var audio = CallAudio.Concat(CallAudio.Silence(TimeSpan.FromMilliseconds(300)), await SpeechAsync("good morning, who is calling please?"), CallAudio.Silence(TimeSpan.FromSeconds(5)));
        var (result, _, speech) = Detect(audio, options);
        Assert.Equal(AnsweringMachineResult.Unknown, result);
        Assert.InRange(speech, options.HumanMaxSpeech, options.MachineMinSpeech);
    }

    [Fact]
    public void Switched_off_it_is_unknown_at_once()
    {
        var detector = new AnsweringMachineDetector(new AnsweringMachineDetectorOptions { Enabled = false });
        Assert.Equal(AnsweringMachineResult.Unknown, detector.Result);
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnsweringMachineDetector(new AnsweringMachineDetectorOptions { MachineMinSpeech = TimeSpan.FromSeconds(1), HumanMaxSpeech = TimeSpan.FromSeconds(2) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnsweringMachineDetector(new AnsweringMachineDetectorOptions { DecisionWindow = TimeSpan.FromMinutes(1) }));
    }

    // Runs the audio through the energy detector and the machine detector; the decision is made once and stays.
    private static (AnsweringMachineResult Result, TimeSpan DecidedAt, TimeSpan Speech) Detect(short[] audio, AnsweringMachineDetectorOptions options)
    {
        var vad = new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions());
        var detector = new AnsweringMachineDetector(options);
        int decisions = 0;
        foreach (var frame in CallAudio.Frames(audio))
        {
            var activity = vad.Process(frame.Span);
            decisions += detector.Process(activity) == AnsweringMachineResult.Pending ? 0 : 1;
        }

        Assert.Equal(1, decisions);
        return (detector.Result, detector.DecidedAt, detector.Speech);
    }

    // espeak-ng speech as a call carries it: through G.711, over a quiet line.
    private async Task<short[]> SpeechAsync(string text)
    {
        short[] line = CallAudio.ThroughTelephone(await engines.Synthesizer.SynthesizeAsync(text));
        return CallAudio.Mix(line, CallAudio.Noise(TimeSpan.FromSeconds((double)line.Length / CallAudio.SampleRate), -60, seed: 5));
    }
}
