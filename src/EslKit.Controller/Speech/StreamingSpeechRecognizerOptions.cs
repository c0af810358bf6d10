using EslKit.Controller.Audio;

namespace EslKit.Controller.Speech;

/// <summary>Settings of <see cref="StreamingSpeechRecognizer"/>.</summary>
public sealed class StreamingSpeechRecognizerOptions
{
    /// <summary>The call audio's sample rate: 16,000 (mod_audio_stream's <c>16k</c>) or 8,000 (<c>8k</c>, upsampled here).</summary>
    public int InputSampleRate { get; set; } = 16_000;

    /// <summary>
    /// The call's audio band when known from configuration or metadata (the codec); <see cref="AudioBandwidth.Unknown"/>
    /// (the default) detects it from the audio. 8 kHz input is always narrowband.
    /// </summary>
    public AudioBandwidth Bandwidth { get; set; } = AudioBandwidth.Unknown;

    /// <summary>Audio fed to the recogniser from before the detected start of speech (default 250 ms: soft onsets the detector missed).</summary>
    public TimeSpan LeadIn { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Audio fed to the recogniser after the last speech frame (default 60 ms); the rest of the detector's hangover
    /// is not fed: given more, the recogniser reads short phrases ("yes") into it (measured: 150 ms → 14 % WER, 60 ms → 11 %).
    /// </summary>
    public TimeSpan LeadOut { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>
    /// How far feeding the recogniser stays behind the audio (default 300 ms), so the conditioner knows the level of
    /// what comes before it conditions it. Costs no latency at the end of speech: the hangover is longer, so all
    /// speech has been fed by the time the end is decided.
    /// </summary>
    public TimeSpan LookAhead { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The call's recent audio kept (default 3 s): the lead-in before an onset, and the bounded queue of an utterance
    /// that waits for the engine (every decoder busy, or one being created). The call's frames never wait; speech older
    /// than this when the engine is ready is not recognised (<see cref="StreamingSpeechRecognizer.SamplesLost"/>).
    /// </summary>
    public TimeSpan PendingAudio { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// False (the default, a live call): frames never wait for the engine; an utterance that finds no free decoder waits
    /// in <see cref="PendingAudio"/>. True (a recording fed faster than real time, where waiting loses nothing and the
    /// ring would overflow in moments): <see cref="StreamingSpeechRecognizer.ProcessAsync"/> waits for the engine.
    /// </summary>
    public bool WaitForEngine { get; set; }

    /// <summary>The conditioning applied to narrowband audio before recognition.</summary>
    public NarrowbandConditionerOptions Conditioning { get; set; } = new();
}
