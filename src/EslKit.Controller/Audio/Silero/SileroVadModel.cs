using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace EslKit.Controller.Audio.Silero;

/// <summary>
/// The Silero VAD v5 model (ONNX), loaded once from disk and shared by every call's
/// <see cref="SileroVoiceActivityDetector"/>: one <see cref="InferenceSession"/> whose runs are thread-safe, each
/// run on its caller's thread (one intra-op thread, no thread pool of its own).
/// </summary>
/// <remarks>
/// <para>The file comes from <c>scripts/fetch-models.sh</c> at set-up (the npm package @ricky0123/vad-web 0.0.31 ships
/// Silero's MIT-licensed <c>silero_vad_v5.onnx</c>; the script checks its SHA-256). Nothing is ever downloaded
/// at run time: a missing file is a <see cref="SileroVadModelException"/> at load, which the controller raises at
/// start when Silero is configured.</para>
/// <para>The v5 graph takes <c>input</c> (float [1, context + window]: the last 64 samples of the previous window
/// then 512 new ones at 16 kHz; 32 + 256 at 8 kHz), <c>state</c> (float [2, 1, 128], the recurrent state carried
/// from one window to the next) and <c>sr</c> (int64 scalar, the sample rate), and returns <c>output</c> (the
/// speech probability, [1, 1]) and <c>stateN</c> (the next state). The legacy (v4) graph, with separate <c>h</c>
/// and <c>c</c> states, is refused.</para>
/// <para>Thread safety: this object is thread-safe. Dispose it after every detector using it.</para>
/// </remarks>
public sealed class SileroVadModel : IDisposable
{
    /// <summary>The model's file name as <c>scripts/fetch-models.sh</c> stores it.</summary>
    public const string FileName = "silero_vad_v5.onnx";

    /// <summary>Where <c>scripts/fetch-models.sh</c> puts the model, relative to the repository (and to where <c>run.sh</c> starts the controller).</summary>
    public const string DefaultPath = ".models/" + FileName;

    internal const string InputName = "input";
    internal const string StateName = "state";
    internal const string SampleRateName = "sr";
    internal const string OutputName = "output";
    internal const string NextStateName = "stateN";

    /// <summary>Size of the state tensor: [2, batch, 128].</summary>
    internal const int StateLength = 2 * 128;

    private readonly InferenceSession _session;

    /// <summary>Loads the model from a file.</summary>
    /// <param name="path">The <c>.onnx</c> file; a relative path is taken from the current directory.</param>
    /// <exception cref="SileroVadModelException">The file is missing (the message says to run
    /// <c>scripts/fetch-models.sh</c>), is not an ONNX model, or is not a Silero VAD v5 model.</exception>
    public SileroVadModel(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (!File.Exists(Path))
        {
            throw new SileroVadModelException(
                $"The Silero VAD model file is missing: {Path}. Run scripts/fetch-models.sh from the repository to fetch it " +
                "(set-up time only: the controller never downloads at run time), or point Speech:Vad:Silero:ModelPath at the file, " +
                "or configure the energy detector.");
        }

        using var options = new SessionOptions
        {
            // One thread per run, on the caller's thread: many streams run in parallel, not one stream on many cores.
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        try
        {
            _session = new InferenceSession(Path, options);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new SileroVadModelException($"{Path} is not a loadable ONNX model: {exception.Message}", exception);
        }

        try
        {
            Validate(_session, Path);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The model file's full path.</summary>
    public string Path { get; }

    internal InferenceSession Session => _session;

    /// <summary>Releases the native session. Detectors using the model must be disposed first.</summary>
    public void Dispose() => _session.Dispose();

    private static void Validate(InferenceSession session, string path)
    {
        bool v5 = session.InputMetadata.TryGetValue(InputName, out NodeMetadata? input) && input.ElementDataType == TensorElementType.Float
            && session.InputMetadata.TryGetValue(StateName, out NodeMetadata? state) && state.ElementDataType == TensorElementType.Float
                && state.Dimensions is [2, _, 128]
            && session.InputMetadata.TryGetValue(SampleRateName, out NodeMetadata? rate) && rate.ElementDataType == TensorElementType.Int64
            && session.OutputMetadata.ContainsKey(OutputName)
            && session.OutputMetadata.ContainsKey(NextStateName);
        if (!v5)
        {
            throw new SileroVadModelException(
                $"{path} is not a Silero VAD v5 model: it takes ({string.Join(", ", session.InputMetadata.Keys)}) and returns " +
                $"({string.Join(", ", session.OutputMetadata.Keys)}); expected (input, state, sr) → (output, stateN). " +
                "The legacy v4 model (h, c) is not supported: run scripts/fetch-models.sh for silero_vad_v5.onnx.");
        }
    }
}
