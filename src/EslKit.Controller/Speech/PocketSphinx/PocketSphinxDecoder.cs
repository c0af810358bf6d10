using System.Runtime.InteropServices;

namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>
/// One native pocketsphinx decoder with the grammars compiled into it. Not thread-safe: a decoder serves one
/// utterance at a time (the recogniser's pool hands it out exclusively); different decoders run in parallel.
/// </summary>
internal sealed class PocketSphinxDecoder : IDisposable
{
    private const string OpenModelSearch = "open";
    private const double SecondsPerFrame = 0.01;   // pocketsphinx's default frame rate, -frate 100

    private static readonly object LoggingGate = new();
    private static bool _loggingDisabled;

    // Offsets in sphinxbase 0.8+5prealpha's structs (x86-64): feat_t.cmn_struct, cmn_t.cmn_mean, cmn_t.veclen.
    private const int FeatCmnOffset = 88;
    private const int CmnMeanOffset = 0;
    private const int CmnLengthOffset = 28;
    private const int CepstrumLength = 13;

    private readonly PocketSphinxDecoderHandle _handle;
    private readonly PocketSphinxOptions _options;
    private readonly IntPtr _cmn;
    private readonly float[] _initialMean;
    private readonly LinkedList<string> _grammars = new();   // search names, most recently used first
    private bool _openModelLoaded;
    private string? _search;
    private bool _inUtterance;

    private PocketSphinxDecoder(PocketSphinxDecoderHandle handle, PocketSphinxOptions options)
    {
        _handle = handle;
        _options = options;
        (_cmn, _initialMean) = ReadInitialCepstralMean(handle);
    }

    /// <summary>Loads the acoustic model and dictionary into a new decoder.</summary>
    /// <exception cref="SpeechRecognitionException">A file is missing or pocketsphinx refuses the configuration.</exception>
    public static PocketSphinxDecoder Create(PocketSphinxOptions options)
    {
        if (!Directory.Exists(options.AcousticModel))
        {
            throw new SpeechRecognitionException($"The pocketsphinx acoustic model folder {options.AcousticModel} does not exist (Debian package pocketsphinx-en-us).");
        }

        if (!File.Exists(options.Dictionary))
        {
            throw new SpeechRecognitionException($"The pocketsphinx dictionary {options.Dictionary} does not exist (Debian package pocketsphinx-en-us).");
        }

        DisableNativeLogging();
        var argv = new List<string> { "eslkit", "-hmm", options.AcousticModel, "-dict", options.Dictionary, "-samprate", "16000" };
        foreach ((string name, string value) in options.Arguments)
        {
            if (!name.StartsWith('-') || name.Contains('\0', StringComparison.Ordinal) || value.Contains('\0', StringComparison.Ordinal))
            {
                throw new SpeechRecognitionException($"\"{name}\" is not a pocketsphinx argument name (they start with '-').");
            }

            argv.Add(name);
            argv.Add(value);
        }

        IntPtr config = PocketSphinxNative.CommandLineParse(IntPtr.Zero, PocketSphinxNative.Arguments(), argv.Count, [.. argv], 1);
        if (config == IntPtr.Zero)
        {
            throw new SpeechRecognitionException("pocketsphinx refused the decoder arguments: " + string.Join(' ', argv.Skip(1)));
        }

        try
        {
            // ps_init keeps its own reference to the configuration.
            PocketSphinxDecoderHandle handle = PocketSphinxNative.Init(config);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new SpeechRecognitionException($"pocketsphinx could not load the model {options.AcousticModel} with the dictionary {options.Dictionary}.");
            }

            return new PocketSphinxDecoder(handle, options);
        }
        finally
        {
            _ = PocketSphinxNative.CommandLineFree(config);   // the reference count left; ps_init holds its own
        }
    }

    /// <summary>The words of <paramref name="words"/> that the decoder's dictionary does not know.</summary>
    public IReadOnlyList<string> FindUnknownWords(IEnumerable<string> words)
    {
        var unknown = new List<string>();
        foreach (string word in words)
        {
            IntPtr phones = PocketSphinxNative.LookupWord(_handle, word);
            if (phones == IntPtr.Zero)
            {
                unknown.Add(word);
            }
            else
            {
                PocketSphinxNative.Free(phones);
            }
        }

        return unknown;
    }

    /// <summary>Selects the grammar (null: the open model) and starts an utterance.</summary>
    /// <exception cref="SpeechRecognitionException">The grammar does not compile or uses unknown words, or the open model does not load.</exception>
    public void Begin(SpeechGrammar? grammar)
    {
        if (_inUtterance)
        {
            throw new InvalidOperationException("The decoder is already in an utterance.");
        }

        string search = grammar is null ? LoadOpenModel() : LoadGrammar(grammar);
        if (!string.Equals(search, _search, StringComparison.Ordinal))
        {
            Check(PocketSphinxNative.SetSearch(_handle, search), "ps_set_search");
            _search = search;
        }

        // Live cepstral-mean normalisation carries its running mean from one utterance to the next. A pooled decoder
        // serves many calls (narrowband, wideband, other speakers): each utterance starts from the model's initial
        // mean instead, so it is recognised as by a fresh decoder, whatever the decoder heard before.
        PocketSphinxNative.CmnLiveSet(_cmn, _initialMean);
        Check(PocketSphinxNative.StartUtterance(_handle), "ps_start_utt");
        _inUtterance = true;
    }

    /// <summary>Feeds 16 kHz mono samples to the utterance; the search runs as they come.</summary>
    /// <param name="samples">The samples.</param>
    /// <param name="wholeUtterance">True when these are all of the utterance's samples at once (lets pocketsphinx normalise over the whole utterance).</param>
    public void Process(ReadOnlySpan<short> samples, bool wholeUtterance = false)
    {
        if (!_inUtterance)
        {
            throw new InvalidOperationException("Begin an utterance before feeding it.");
        }

        if (samples.IsEmpty)
        {
            return;
        }

        int frames = PocketSphinxNative.ProcessRaw(
            _handle, ref MemoryMarshal.GetReference(samples), (nuint)samples.Length, 0, wholeUtterance ? 1 : 0);
        Check(frames, "ps_process_raw");
    }

    /// <summary>Ends the utterance and returns the best hypothesis with its words.</summary>
    /// <remarks>
    /// A grammar search whose best path at the end is not in the grammar's final state (trailing noise read as the
    /// start of another phrase, a phrase cut short) has no final hypothesis at all: pocketsphinx returns nothing.
    /// The best partial hypothesis, taken just before the end, then stands in: the words it had recognised.
    /// </remarks>
    public (string Text, IReadOnlyList<SpeechWord> Words) End()
    {
        if (!_inUtterance)
        {
            throw new InvalidOperationException("There is no utterance to end.");
        }

        string partial = ReadHypothesis();
        List<SpeechWord> partialWords = partial.Length > 0 ? ReadWords() : [];
        _inUtterance = false;
        Check(PocketSphinxNative.EndUtterance(_handle), "ps_end_utt");
        string text = ReadHypothesis();
        return text.Length > 0 ? (text, ReadWords()) : (partial, partialWords);
    }

    /// <summary>Ends an utterance whose result nobody wants (cancelled, disposed early); no-op outside an utterance.</summary>
    public void Abandon()
    {
        if (_inUtterance)
        {
            _inUtterance = false;
            _ = PocketSphinxNative.EndUtterance(_handle);   // best effort: the result is being thrown away
        }
    }

    /// <summary>Frees the native decoder (once; later calls do nothing).</summary>
    public void Dispose() => _handle.Dispose();

    private static void DisableNativeLogging()
    {
        // sphinxbase logs every model load to stderr; its logger is process-wide and printf-style (no way to route
        // it into ILogger), so it is switched off once. Errors surface as return codes, which we turn into exceptions.
        lock (LoggingGate)
        {
            if (!_loggingDisabled)
            {
                PocketSphinxNative.ErrorSetLogFile(IntPtr.Zero);
                _loggingDisabled = true;
            }
        }
    }

    private static (IntPtr Cmn, float[] Mean) ReadInitialCepstralMean(PocketSphinxDecoderHandle handle)
    {
        // No API exposes the normaliser; its struct layout is fixed for the library version we bind to, and checked
        // here (13 cepstra, a plausible c0) so another version fails loudly instead of corrupting memory silently.
        IntPtr features = PocketSphinxNative.GetFeatures(handle);
        IntPtr cmn = features == IntPtr.Zero ? IntPtr.Zero : Marshal.ReadIntPtr(features, FeatCmnOffset);
        if (cmn == IntPtr.Zero || Marshal.ReadInt32(cmn, CmnLengthOffset) != CepstrumLength)
        {
            throw new SpeechRecognitionException("This pocketsphinx is not the version EslKit binds to (sphinxbase 0.8+5prealpha): its feature layout differs.");
        }

        var mean = new float[CepstrumLength];
        Marshal.Copy(Marshal.ReadIntPtr(cmn, CmnMeanOffset), mean, 0, CepstrumLength);
        if (!(mean[0] is > 10 and < 100))
        {
            throw new SpeechRecognitionException($"This pocketsphinx is not the version EslKit binds to: initial c0 mean {mean[0]}.");
        }

        return (cmn, mean);
    }

    private static void Check(int result, string function)
    {
        if (result < 0)
        {
            throw new SpeechRecognitionException($"pocketsphinx {function} failed ({result}).");
        }
    }

    private string LoadOpenModel()
    {
        if (!_openModelLoaded)
        {
            if (!File.Exists(_options.LanguageModel))
            {
                throw new SpeechRecognitionException($"The pocketsphinx language model {_options.LanguageModel} does not exist (Debian package pocketsphinx-en-us).");
            }

            Check(PocketSphinxNative.SetLanguageModelFile(_handle, OpenModelSearch, _options.LanguageModel), "ps_set_lm_file");
            _openModelLoaded = true;
        }

        return OpenModelSearch;
    }

    private string LoadGrammar(SpeechGrammar grammar)
    {
        string search = "jsgf-" + grammar.Key;
        LinkedListNode<string>? node = _grammars.Find(search);
        if (node is not null)
        {
            _grammars.Remove(node);
            _grammars.AddFirst(node);
            return search;
        }

        IReadOnlyList<string> unknown = FindUnknownWords(grammar.Words);
        if (unknown.Count > 0)
        {
            throw new SpeechRecognitionException(
                $"The grammar uses words the pocketsphinx dictionary does not know: {string.Join(", ", unknown)}.");
        }

        if (PocketSphinxNative.SetJsgfString(_handle, search, grammar.Jsgf) < 0)
        {
            throw new SpeechRecognitionException($"pocketsphinx could not compile grammar {grammar.Key} (a syntax error, or a word missing from the dictionary).");
        }

        _grammars.AddFirst(search);
        while (_grammars.Count > Math.Max(1, _options.MaxGrammarsPerDecoder))
        {
            string oldest = _grammars.Last!.Value;
            _grammars.RemoveLast();
            if (string.Equals(oldest, _search, StringComparison.Ordinal))
            {
                // Never unset the active search: switch first (Begin switches to the new one right after).
                Check(PocketSphinxNative.SetSearch(_handle, search), "ps_set_search");
                _search = search;
            }

            _ = PocketSphinxNative.UnsetSearch(_handle, oldest);   // fails only for an unknown name
        }

        return search;
    }

    private string ReadHypothesis()
    {
        IntPtr hypothesis = PocketSphinxNative.GetHypothesis(_handle, out _);
        string text = hypothesis == IntPtr.Zero ? string.Empty : Marshal.PtrToStringUTF8(hypothesis) ?? string.Empty;
        return string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private List<SpeechWord> ReadWords()
    {
        var words = new List<SpeechWord>();
        IntPtr segment = PocketSphinxNative.SegmentIterator(_handle);
        try
        {
            while (segment != IntPtr.Zero)
            {
                string word = Marshal.PtrToStringUTF8(PocketSphinxNative.SegmentWord(segment)) ?? string.Empty;
                PocketSphinxNative.SegmentFrames(segment, out int start, out int end);
                if (word.Length > 0 && word[0] != '<' && word[0] != '[')
                {
                    // Alternative pronunciations come back as "word(2)".
                    int paren = word.IndexOf('(', StringComparison.Ordinal);
                    words.Add(new SpeechWord(
                        paren > 0 ? word[..paren] : word,
                        TimeSpan.FromSeconds(start * SecondsPerFrame),
                        TimeSpan.FromSeconds((end + 1) * SecondsPerFrame)));
                }

                // ps_seg_next frees the iterator when it returns NULL.
                segment = PocketSphinxNative.SegmentNext(segment);
            }
        }
        finally
        {
            if (segment != IntPtr.Zero)
            {
                PocketSphinxNative.SegmentFree(segment);
            }
        }

        return words;
    }
}
