using System.Text;

namespace EslKit.Controller.Speech;

/// <summary>
/// Builds a JSGF <see cref="SpeechGrammar"/> from what callers are expected to say: an utterance is one or more of
/// the phrases, in any order. Numbers are fixed-length digit strings (<see cref="AddDigits"/>): an open digit loop
/// lets the recogniser insert digits into any noise, a fixed length does not.
/// </summary>
public sealed class SpeechGrammarBuilder
{
    private static readonly string[] DigitWords = ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private readonly List<string> _phrases = [];
    private readonly SortedSet<int> _digitLengths = [];

    /// <summary>The phrases added so far (normalised).</summary>
    public IReadOnlyList<string> Phrases => _phrases;

    /// <summary>Adds a phrase: words of letters and apostrophes; case and punctuation are ignored.</summary>
    /// <exception cref="ArgumentException">The phrase has no words, or has digits (use <see cref="AddDigits"/> or spell them).</exception>
    public SpeechGrammarBuilder AddPhrase(string phrase)
    {
        string normalised = Normalise(phrase);
        if (!_phrases.Contains(normalised, StringComparer.Ordinal))
        {
            _phrases.Add(normalised);
        }

        return this;
    }

    /// <summary>Adds several phrases.</summary>
    /// <exception cref="ArgumentException">A phrase is invalid (see <see cref="AddPhrase"/>).</exception>
    public SpeechGrammarBuilder AddPhrases(IEnumerable<string> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        foreach (string phrase in phrases)
        {
            AddPhrase(phrase);
        }

        return this;
    }

    /// <summary>Lets callers say a string of exactly <paramref name="length"/> digits ("zero" or "oh" to "nine").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not between 1 and 20.</exception>
    public SpeechGrammarBuilder AddDigits(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, 20);
        _digitLengths.Add(length);
        return this;
    }

    /// <summary>The grammar.</summary>
    /// <exception cref="InvalidOperationException">Nothing was added.</exception>
    public SpeechGrammar Build()
    {
        if (_phrases.Count == 0 && _digitLengths.Count == 0)
        {
            throw new InvalidOperationException("A grammar needs at least one phrase or digit string.");
        }

        var jsgf = new StringBuilder("#JSGF V1.0;\ngrammar eslkit;\npublic <utterance> = <phrase>+;\n<phrase> = ");
        var alternatives = new List<string>(_phrases);
        alternatives.AddRange(_digitLengths.Select(length => $"<digits{length}>"));
        jsgf.AppendJoin(" | ", alternatives).Append(";\n");
        if (_digitLengths.Count > 0)
        {
            jsgf.Append("<digit> = ").AppendJoin(" | ", DigitWords).Append(";\n");
            foreach (int length in _digitLengths)
            {
                jsgf.Append($"<digits{length}> = ").AppendJoin(' ', Enumerable.Repeat("<digit>", length)).Append(";\n");
            }
        }

        IEnumerable<string> words = _phrases.SelectMany(phrase => phrase.Split(' '));
        if (_digitLengths.Count > 0)
        {
            words = words.Concat(DigitWords);
        }

        return new SpeechGrammar(jsgf.ToString(), words);
    }

    /// <summary>Lower case, words of letters and apostrophes separated by single spaces.</summary>
    /// <exception cref="ArgumentException">No words, or digits.</exception>
    public static string Normalise(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var text = new StringBuilder(phrase.Length);
        foreach (char c in phrase.ToLowerInvariant())
        {
            if (char.IsDigit(c))
            {
                throw new ArgumentException($"\"{phrase}\" has digits: spell numbers out, or use AddDigits for digit strings.", nameof(phrase));
            }

            text.Append(char.IsLetter(c) || c == '\'' ? c : ' ');
        }

        string normalised = string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return normalised.Length > 0 ? normalised : throw new ArgumentException($"\"{phrase}\" has no words.", nameof(phrase));
    }
}
