namespace EslKit.Controller.Speech;

/// <summary>One recognised word and where it lies in the utterance's audio.</summary>
/// <param name="Text">The word as the engine spells it (lower case for pocketsphinx; fillers such as <c>&lt;sil&gt;</c> are left out).</param>
/// <param name="Start">Offset of its start from the start of the utterance's audio.</param>
/// <param name="End">Offset of its end.</param>
public readonly record struct SpeechWord(string Text, TimeSpan Start, TimeSpan End);
