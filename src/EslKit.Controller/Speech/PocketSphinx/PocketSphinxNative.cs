using System.Runtime.InteropServices;

namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>
/// The C API of Debian bookworm's pocketsphinx (0.8+5prealpha: libpocketsphinx.so.3 on libsphinxbase.so.3,
/// headers in libpocketsphinx-dev / libsphinxbase-dev). Only what <see cref="PocketSphinxDecoder"/> uses.
/// </summary>
internal static partial class PocketSphinxNative
{
    private const string PocketSphinx = "libpocketsphinx.so.3";
    private const string SphinxBase = "libsphinxbase.so.3";

    // sphinxbase: configuration, logging, memory.

    /// <summary>Parses name/value pairs (argv[0] is skipped) into a new configuration; NULL on error.</summary>
    [LibraryImport(SphinxBase, EntryPoint = "cmd_ln_parse_r", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr CommandLineParse(IntPtr inout, IntPtr definitions, int argc, string[] argv, int strict);

    [LibraryImport(SphinxBase, EntryPoint = "cmd_ln_free_r")]
    internal static partial int CommandLineFree(IntPtr config);

    /// <summary>Where sphinxbase logs; NULL disables its logging (process-wide).</summary>
    [LibraryImport(SphinxBase, EntryPoint = "err_set_logfp")]
    internal static partial void ErrorSetLogFile(IntPtr file);

    /// <summary>Sets a live cepstral-mean normaliser's running mean (and its weight) to <paramref name="mean"/>.</summary>
    [LibraryImport(SphinxBase, EntryPoint = "cmn_live_set")]
    internal static partial void CmnLiveSet(IntPtr cmn, float[] mean);

    [LibraryImport(SphinxBase, EntryPoint = "ckd_free")]
    internal static partial void Free(IntPtr pointer);

    // pocketsphinx: decoder.

    [LibraryImport(PocketSphinx, EntryPoint = "ps_args")]
    internal static partial IntPtr Arguments();

    [LibraryImport(PocketSphinx, EntryPoint = "ps_init")]
    internal static partial PocketSphinxDecoderHandle Init(IntPtr config);

    /// <summary>The decoder's feature extractor (<c>feat_t*</c>, owned by the decoder).</summary>
    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_feat")]
    internal static partial IntPtr GetFeatures(PocketSphinxDecoderHandle decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_free")]
    internal static partial int DecoderFree(IntPtr decoder);

    /// <summary>The phones of a dictionary word, allocated (free with <see cref="Free"/>); NULL when unknown.</summary>
    [LibraryImport(PocketSphinx, EntryPoint = "ps_lookup_word", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr LookupWord(PocketSphinxDecoderHandle decoder, string word);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_set_jsgf_string", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetJsgfString(PocketSphinxDecoderHandle decoder, string name, string jsgf);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_set_lm_file", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetLanguageModelFile(PocketSphinxDecoderHandle decoder, string name, string path);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_set_search", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SetSearch(PocketSphinxDecoderHandle decoder, string name);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_unset_search", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UnsetSearch(PocketSphinxDecoderHandle decoder, string name);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_start_utt")]
    internal static partial int StartUtterance(PocketSphinxDecoderHandle decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_process_raw")]
    internal static partial int ProcessRaw(PocketSphinxDecoderHandle decoder, ref short data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_end_utt")]
    internal static partial int EndUtterance(PocketSphinxDecoderHandle decoder);

    /// <summary>The best hypothesis so far, owned by the decoder (valid until its next call); NULL when none.</summary>
    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_hyp")]
    internal static partial IntPtr GetHypothesis(PocketSphinxDecoderHandle decoder, out int bestScore);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_prob")]
    internal static partial int GetProbability(PocketSphinxDecoderHandle decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_get_n_frames")]
    internal static partial int GetFrameCount(PocketSphinxDecoderHandle decoder);

    /// <summary>The words of the best hypothesis; NULL when none. Freed by the last <see cref="SegmentNext"/> or by <see cref="SegmentFree"/>.</summary>
    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_iter")]
    internal static partial IntPtr SegmentIterator(PocketSphinxDecoderHandle decoder);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_next")]
    internal static partial IntPtr SegmentNext(IntPtr segment);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_word")]
    internal static partial IntPtr SegmentWord(IntPtr segment);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_frames")]
    internal static partial void SegmentFrames(IntPtr segment, out int startFrame, out int endFrame);

    [LibraryImport(PocketSphinx, EntryPoint = "ps_seg_free")]
    internal static partial void SegmentFree(IntPtr segment);
}
