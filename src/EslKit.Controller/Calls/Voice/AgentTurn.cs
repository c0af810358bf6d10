using System.Threading.Channels;
using EslKit.Controller.Speech;

namespace EslKit.Controller.Calls.Voice;

/// <summary>
/// One agent reply of a call: its sentences as the agent streams them (a pump reads the agent's stream into
/// <see cref="Incoming"/> while the first sentence is already being synthesised and played), the sentences taken so far
/// with their audio once synthesised, and how far playback got. A reply the caller broke into keeps all of this
/// until the interruption is judged: a false one resumes at <see cref="Played"/> from the audio already made.
/// </summary>
/// <remarks>Used by the call's turn loop only (one speaking at a time); the pump writes only to <see cref="Incoming"/>.</remarks>
internal sealed class AgentTurn : IDisposable
{
    private readonly CancellationTokenSource _agentStop;
    private long _firstSentence;

    public AgentTurn(int turn, long endOfSpeech, long transcribed, CancellationToken callToken)
    {
        Turn = turn;
        EndOfSpeech = endOfSpeech;
        Transcribed = transcribed;
        _agentStop = CancellationTokenSource.CreateLinkedTokenSource(callToken);
    }

    /// <summary>The turn: 0 for the greeting, else the caller's utterance it answers.</summary>
    public int Turn { get; }

    /// <summary>The end-of-speech decision it answers (a timestamp; 0 for the greeting, an apology, a message).</summary>
    public long EndOfSpeech { get; }

    /// <summary>When the caller's transcript was ready (a timestamp; 0 when none).</summary>
    public long Transcribed { get; }

    /// <summary>Cancelled when the reply is over or given up: stops the agent (a streaming model's request).</summary>
    public CancellationToken AgentToken => _agentStop.Token;

    /// <summary>Sentences as the agent produced them; completed with the agent's failure, if any.</summary>
    public Channel<AgentSentence> Incoming { get; } =
        Channel.CreateUnbounded<AgentSentence>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>The sentences taken from <see cref="Incoming"/> so far, in order.</summary>
    public List<string> Sentences { get; } = [];

    /// <summary>Each sentence's synthesised audio (16 kHz), null until synthesised.</summary>
    public List<short[]?> Audio { get; } = [];

    /// <summary>Sentences played to their end; a resumed reply starts at this one.</summary>
    public int Played { get; set; }

    /// <summary>The agent ends the call after this reply.</summary>
    public bool EndCall { get; set; }

    /// <summary>How many times the reply was spoken (more than once after false interruptions).</summary>
    public int Speaks { get; set; }

    /// <summary>The pump reading the agent's stream.</summary>
    public Task Pump { get; set; } = Task.CompletedTask;

    /// <summary>When the agent's first sentence arrived (a timestamp; 0 until then).</summary>
    public long FirstSentence
    {
        get => Interlocked.Read(ref _firstSentence);
        set => Interlocked.CompareExchange(ref _firstSentence, value, 0);
    }

    /// <summary>When the reply began to be heard (its first PLAYBACK_START, or its first send).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Measured on the first speaking: agent, synthesis, playback and response latency (milliseconds).</summary>
    public (int? Agent, int? Tts, int? Playback, int? Response) Latency { get; set; }

    /// <summary>The reply's text: every sentence the agent gave (the ones still queued included).</summary>
    public string Text()
    {
        while (Incoming.Reader.TryRead(out AgentSentence sentence))
        {
            Take(sentence);
        }

        return string.Join(' ', Sentences);
    }

    /// <summary>Takes one sentence from the agent; false when it carried no words (only the end-of-call decision).</summary>
    public bool Take(AgentSentence sentence)
    {
        EndCall |= sentence.EndCall;
        string text = sentence.Text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        Sentences.Add(text);
        Audio.Add(null);
        return true;
    }

    /// <summary>Stops the agent (nothing more of this reply is wanted).</summary>
    public void StopAgent()
    {
        try
        {
            _agentStop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public void Dispose() => _agentStop.Dispose();
}
