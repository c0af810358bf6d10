namespace EslKit.Controller.Speech.PocketSphinx;

/// <summary>Settings of the pocketsphinx recogniser (configuration section <c>Speech:PocketSphinx</c>).</summary>
public sealed class PocketSphinxOptions
{
    /// <summary>The acoustic model folder (Debian's pocketsphinx-en-us: <c>/usr/share/pocketsphinx/model/en-us/en-us</c>).</summary>
    public string AcousticModel { get; set; } = "/usr/share/pocketsphinx/model/en-us/en-us";

    /// <summary>The pronunciation dictionary (<c>cmudict-en-us.dict</c>).</summary>
    public string Dictionary { get; set; } = "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict";

    /// <summary>The open-vocabulary language model, loaded into a decoder the first time an utterance has no grammar (<c>en-us.lm.bin</c>, 26 MB per decoder).</summary>
    public string LanguageModel { get; set; } = "/usr/share/pocketsphinx/model/en-us/en-us.lm.bin";

    /// <summary>
    /// The most decoders (concurrent recognitions); each holds the acoustic model and dictionary (about 20 MB, 40 MB
    /// more once the open model is used). Decoders are made as utterances need them (one per caller speaking at the
    /// same moment) and kept. An utterance that finds them all busy waits for one while its audio is kept by the call
    /// (<see cref="StreamingSpeechRecognizerOptions.PendingAudio"/>): no frame is lost. Default: eight per processor (one
    /// core decodes about ten real-time streams, RTF ≈ 0.09: see docs/voice.md).
    /// </summary>
    public int MaxDecoders { get; set; } = Environment.ProcessorCount * 8;

    /// <summary>Grammars compiled and kept per decoder; the least recently used one is dropped beyond this.</summary>
    public int MaxGrammarsPerDecoder { get; set; } = 8;

    /// <summary>
    /// Extra decoder arguments as pocketsphinx names them (<c>-remove_noise</c> → <c>no</c>, <c>-beam</c> → <c>1e-60</c>, …),
    /// passed to <c>ps_init</c>; unknown names make decoder creation fail.
    /// </summary>
    public IDictionary<string, string> Arguments { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
