using EslKit.Controller.Audio;

namespace EslKit.Controller.Calls.Voice;

/// <summary>The per-call voice pipeline (configuration section <c>Voice</c>).</summary>
public sealed class VoiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Voice";

    /// <summary>
    /// Caller speech during the agent's playback must last this long (default 400 ms, counted from its onset) to stop
    /// the playback: a cough, an echo or an "uh-huh" is shorter. Shorter speech during playback counts as a false interruption.
    /// </summary>
    public int BargeInMinimumMilliseconds { get; set; } = 400;

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
