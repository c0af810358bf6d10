using System.Security.Cryptography;
using System.Text;

namespace EslKit.Controller.Speech;

/// <summary>
/// A recognition grammar in JSGF (the W3C's Java Speech Grammar Format) that narrows what a recogniser listens
/// for to what the conversation expects — with a narrow grammar, pocketsphinx hears telephone speech it cannot
/// hear with its open model. Immutable; build one with <see cref="SpeechGrammarBuilder"/> or give the text.
/// </summary>
public sealed class SpeechGrammar : IEquatable<SpeechGrammar>
{
    /// <summary>Creates a grammar from JSGF text (must start with the <c>#JSGF</c> header and declare a public rule).</summary>
    /// <param name="jsgf">The grammar text.</param>
    /// <param name="words">The words the grammar uses (lower case), when the caller knows them; used to check them
    /// against the recogniser's dictionary before compiling. Empty when unknown.</param>
    /// <exception cref="ArgumentException">The text is not a JSGF grammar.</exception>
    public SpeechGrammar(string jsgf, IEnumerable<string>? words = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsgf);
        if (!jsgf.TrimStart().StartsWith("#JSGF", StringComparison.Ordinal) || !jsgf.Contains("public ", StringComparison.Ordinal))
        {
            throw new ArgumentException("A JSGF grammar starts with a \"#JSGF V1.0;\" header and declares a public rule.", nameof(jsgf));
        }

        if (jsgf.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A grammar cannot contain NUL characters.", nameof(jsgf));
        }

        Jsgf = jsgf;
        Words = words?.Select(word => word.ToLowerInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray() ?? [];
        Key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(jsgf)).AsSpan(0, 8));
    }

    /// <summary>The JSGF text.</summary>
    public string Jsgf { get; }

    /// <summary>The distinct words the grammar uses, sorted (empty when the grammar was given as text only).</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>A short stable identity of the text (16 hex digits of its SHA-256): recognisers cache compiled grammars by it.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public bool Equals(SpeechGrammar? other) => other is not null && string.Equals(Jsgf, other.Jsgf, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SpeechGrammar);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Jsgf);

    /// <summary>The grammar's key and size, not its text.</summary>
    public override string ToString() => $"SpeechGrammar {Key} ({Words.Count} words)";
}
