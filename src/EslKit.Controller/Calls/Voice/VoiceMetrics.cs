using System.Diagnostics.Metrics;
using EslKit.Controller.Diagnostics;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// The voice pipeline's instruments on the controller's Meter: per-stage latency histograms (milliseconds) along
/// the path "caller stops speaking → caller hears the reply", and counters per call event. Tags: stage, result.
/// </summary>
internal static class VoiceMetrics
{
    /// <summary>End-of-speech decision (VAD) → final transcript.</summary>
    public static readonly Histogram<double> TranscriptLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.transcript.latency", "ms", "End-of-speech decision to the final transcript.");

    /// <summary>Final transcript → the agent's reply (its first token for a streaming agent).</summary>
    public static readonly Histogram<double> AgentLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.agent.latency", "ms", "Final transcript to the agent's reply (first token).");

    /// <summary>Agent reply → the first sentence's synthesised audio.</summary>
    public static readonly Histogram<double> SynthesisLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.tts.latency", "ms", "Agent reply to the first synthesised audio.");

    /// <summary>First synthesised audio → PLAYBACK_START (streamAudio sent, file written, playback started).</summary>
    public static readonly Histogram<double> PlaybackLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.playback.latency", "ms", "First synthesised audio to PLAYBACK_START.");

    /// <summary>End-of-speech decision → PLAYBACK_START of the reply: what the caller waits.</summary>
    public static readonly Histogram<double> ResponseLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.response.latency", "ms", "End-of-speech decision to the reply's PLAYBACK_START.");

    /// <summary>Answer → the first agent audio (PLAYBACK_START of the greeting).</summary>
    public static readonly Histogram<double> AnswerToFirstAudio =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.answer_to_first_audio", "ms", "Answer to the first agent audio (over 2,000 ms counts as abandoned).");

    /// <summary>Barge-in decision → uuid_break answered.</summary>
    public static readonly Histogram<double> BargeInStopLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.barge_in.latency", "ms", "Barge-in decision to uuid_break answered.");

    /// <summary>Caller speech onset → uuid_break answered: the speech needed to decide (the barge-in minimum and the detector's onset) plus the decision → break.</summary>
    public static readonly Histogram<double> BargeInOnsetLatency =
        ControllerDiagnostics.Meter.CreateHistogram<double>("eslkit.controller.voice.barge_in.onset_latency", "ms", "Caller speech onset to uuid_break answered.");

    public static readonly Counter<long> Calls =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.calls", "{call}", "Voice conversations, by how they ended (agent, caller, machine, failure, no_audio).");

    public static readonly Counter<long> Turns =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.turns", "{turn}", "Caller utterances answered by the agent.");

    public static readonly Counter<long> BargeIns =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.barge_ins", "{reply}", "Replies interrupted by the caller.");

    public static readonly Counter<long> FalseInterruptions =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.false_interruptions", "{utterance}", "Caller sounds during playback that were not a turn (coughs, echoes, uh-huhs): the reply went on or resumed.");

    /// <summary>Caller speech not recognised because its utterance waited for a decoder longer than the call's audio ring holds.</summary>
    public static readonly Counter<long> SpeechLost =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.speech_lost", "ms", "Caller speech not recognised: its utterance waited for a free decoder longer than the call keeps audio.");

    public static readonly Counter<long> ProviderFailures =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.provider_failures", "{call}", "Calls ended by a failing provider, by stage (speech_to_text, agent, text_to_speech, playback).");

    public static readonly Counter<long> MachineDetections =
        ControllerDiagnostics.Meter.CreateCounter<long>("eslkit.controller.voice.amd", "{call}", "Answering-machine detection results (human, machine, unknown).");
}
