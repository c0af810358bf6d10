using EslKit.Controller.Audio.Silero;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Audio.Silero;

/// <summary>The Silero VAD model that scripts/fetch-models.sh put in .models/ (./test.sh runs it first), loaded once.</summary>
internal static class SileroModelFile
{
    private static readonly Lazy<SileroVadModel> LoadedModel = new(() => new SileroVadModel(Path));

    /// <summary>The model file; missing is a failure (run scripts/fetch-models.sh), never a skip.</summary>
    public static string Path
    {
        get
        {
            string path = System.IO.Path.Combine(RepositoryPaths.Root(), ".models", SileroVadModel.FileName);
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"The Silero VAD model is missing: {path}. Run scripts/fetch-models.sh (./test.sh does).");
        }
    }

    /// <summary>The model, shared by the tests (its runs are thread-safe).</summary>
    public static SileroVadModel Model => LoadedModel.Value;
}
