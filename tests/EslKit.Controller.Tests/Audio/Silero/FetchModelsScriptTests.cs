using System.Diagnostics;
using System.Security.Cryptography;
using EslKit.Controller.Audio.Silero;
using EslKit.Shared;

namespace EslKit.Controller.Tests.Audio.Silero;

/// <summary>
/// scripts/fetch-models.sh checks the SHA-256 of what it fetches: run against local packages (npm pack of a folder,
/// through ESLKIT_SILERO_VAD_PACKAGE) into a temporary models folder, so no registry is asked.
/// </summary>
public sealed class FetchModelsScriptTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("eslkit-fetch-models-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_package_whose_model_has_another_hash_is_refused_and_nothing_is_written()
    {
        string package = Package("tampered", [.. File.ReadAllBytes(SileroModelFile.Path).Take(1000), 42]);
        string models = Path.Combine(_work, "models");

        (int exitCode, string output) = await RunAsync(models, package);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("expected 2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f: refusing it", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(models, SileroVadModel.FileName)));
    }

    [Fact]
    public async Task A_package_with_the_right_model_replaces_a_damaged_file_and_a_good_file_is_kept()
    {
        string package = Package("genuine", File.ReadAllBytes(SileroModelFile.Path));
        string models = Path.Combine(_work, "models");
        Directory.CreateDirectory(models);
        string target = Path.Combine(models, SileroVadModel.FileName);
        await File.WriteAllTextAsync(target, "damaged");

        (int exitCode, string output) = await RunAsync(models, package);

        Assert.Equal(0, exitCode);
        Assert.Contains("fetched", output, StringComparison.Ordinal);
        Assert.Equal(Sha256(SileroModelFile.Path), Sha256(target));

        // Present with the right hash: kept, the package is not even read.
        (exitCode, output) = await RunAsync(models, Path.Combine(_work, "no-such-package"));
        Assert.Equal(0, exitCode);
        Assert.Contains("present", output, StringComparison.Ordinal);
    }

    /// <summary>A folder npm can pack: package.json and dist/silero_vad_v5.onnx.</summary>
    private string Package(string name, byte[] model)
    {
        string folder = Path.Combine(_work, name);
        Directory.CreateDirectory(Path.Combine(folder, "dist"));
        File.WriteAllText(Path.Combine(folder, "package.json"), $$"""{ "name": "eslkit-test-{{name}}", "version": "1.0.0", "files": ["dist"] }""");
        File.WriteAllBytes(Path.Combine(folder, "dist", SileroVadModel.FileName), model);
        return folder;
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static async Task<(int ExitCode, string Output)> RunAsync(string models, string package)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root(), "scripts", "fetch-models.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ESLKIT_MODELS"] = models;
        start.Environment["ESLKIT_SILERO_VAD_PACKAGE"] = package;
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
