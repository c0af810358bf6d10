using EslKit.Controller.Audio;
using EslKit.Controller.Speech;
using EslKit.Controller.Tests.Audio;

namespace EslKit.Controller.Tests.Speech;

/// <summary>Runs audio through the streaming recogniser and scores transcripts.</summary>
internal static class Transcripts
{
    /// <summary>Feeds <paramref name="audio"/> frame by frame, as a call would, and returns the transcripts of its utterances.</summary>
    public static async Task<List<SpeechTranscript>> RecognizeAsync(
        ISpeechToText engine, SpeechGrammar? grammar, short[] audio, StreamingSpeechRecognizerOptions? options = null)
    {
        // A recording, fed far faster than real time: waiting for a decoder (other tests hold the shared ones) loses nothing.
        options ??= new StreamingSpeechRecognizerOptions();
        options.WaitForEngine = true;
        await using var recognizer = new StreamingSpeechRecognizer(
            engine, new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions()), options)
        {
            Grammar = grammar,
        };
        var transcripts = new List<SpeechTranscript>();
        foreach (ReadOnlyMemory<short> frame in CallAudio.Frames(audio))
        {
            StreamingRecognitionResult result = await recognizer.ProcessAsync(frame);
            if (result.Transcript is { } transcript)
            {
                transcripts.Add(transcript);
            }
        }

        if (await recognizer.FinishAsync() is { Transcript: { } last })
        {
            transcripts.Add(last); // it waited for a decoder (one being made) past the recording's end
        }

        return transcripts;
    }

    /// <summary>The words of a sentence as the recogniser spells them (lower case, no punctuation).</summary>
    public static string[] Words(string text) => SpeechGrammarBuilder.Normalise(text).Split(' ');

    /// <summary>Word-level edit distance (substitutions, insertions, deletions).</summary>
    public static int Errors(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis)
    {
        var distance = new int[reference.Count + 1, hypothesis.Count + 1];
        for (int i = 0; i <= reference.Count; i++)
        {
            distance[i, 0] = i;
        }

        for (int j = 0; j <= hypothesis.Count; j++)
        {
            distance[0, j] = j;
        }

        for (int i = 1; i <= reference.Count; i++)
        {
            for (int j = 1; j <= hypothesis.Count; j++)
            {
                int substitution = distance[i - 1, j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
                distance[i, j] = Math.Min(substitution, Math.Min(distance[i - 1, j], distance[i, j - 1]) + 1);
            }
        }

        return distance[reference.Count, hypothesis.Count];
    }
}
