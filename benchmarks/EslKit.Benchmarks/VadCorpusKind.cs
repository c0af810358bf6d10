namespace EslKit.Benchmarks;

/// <summary>What a comparison item holds, and so what a detector should do with it.</summary>
public enum VadCorpusKind
{
    /// <summary>One utterance: its onset must be found.</summary>
    Speech,

    /// <summary>"uh-huh" and the like: speech, but a barge-in on it is a false one.</summary>
    Backchannel,

    /// <summary>Coughs, clicks, echo, noise: any utterance started is a false barge-in.</summary>
    NonSpeech,
}
