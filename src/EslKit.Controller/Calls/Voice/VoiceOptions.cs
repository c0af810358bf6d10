using EslKit.Controller.Audio;

namespace EslKit.Controller.Calls.Voice;

/// <summary>The per-call voice pipeline (configuration section <c>Voice</c>).</summary>
public sealed class VoiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Voice";

    /// <summary>
    /// Caller speech during the agent's playback stops the playback (<c>uuid_break</c>) once it has lasted this long
    /// (default 120 ms of speech frames from its onset, before the detector's own start decision). Short, so the agent
    /// stops within about 150 ms of the caller's first syllable; what it stopped for is judged afterwards
    /// (<see cref="BargeInConfirmMilliseconds"/>, <see cref="BackchannelWords"/>) and a false interruption resumes the reply.
    /// </summary>
    public int BargeInMinimumMilliseconds { get; set; } = 120;

    /// <summary>
    /// An utterance that stopped the agent must hold this much speech (default 300 ms, onset to last speech frame) to
    /// count as a real interruption; a cough, a click or an echo is shorter. Shorter ones, and ones the recogniser makes
    /// nothing or only a backchannel word of, are false interruptions: counted per call, and the interrupted reply
    /// resumes from the sentence that was cut.
    /// </summary>
    public int BargeInConfirmMilliseconds { get; set; } = 300;

    /// <summary>
    /// Words that on their own do not interrupt the agent (space-separated, lower case; default "uh huh uh-huh mm mhm
    /// mm-hmm hmm um ah oh okay ok yeah right"): a caller's "uh-huh" while the agent speaks is listening, not a turn.
    /// </summary>
    public string BackchannelWords { get; set; } = "uh huh uh-huh mm mhm mm-hmm hmm um ah oh okay ok yeah right";

    /// <summary>
    /// The agent greets no later than this after the answer (default 1,200 ms), even while answering-machine
    /// detection is still listening: a call with no audio within 2 s of the answer counts as abandoned.
    /// </summary>
    public int GreetingDeadlineMilliseconds { get; set; } = 1200;

    /// <summary>How long to wait for mod_audio_stream's WebSocket after <c>uuid_audio_stream … start</c> (default 10 s).</summary>
    public int AudioConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>The longest a provider step may take (an agent reply, one sentence's synthesis, a playback to start) before it counts as failed (default 15 s).</summary>
    public int ProviderTimeoutSeconds { get; set; } = 15;

    /// <summary>Spoken with the offline text-to-speech when a provider fails mid-call, before the hangup.</summary>
    public string Apology { get; set; } = "I am sorry, we are having technical difficulties. Please try again later. Goodbye.";

    /// <summary>Left on an answering machine when the campaign says so and gives no message of its own.</summary>
    public string MachineMessage { get; set; } = "Hello, this is the clinic's automated assistant. Please call us back at your convenience. Goodbye.";

    /// <summary>Answering-machine detection.</summary>
    public AnsweringMachineDetectorOptions AnsweringMachine { get; set; } = new();
}
