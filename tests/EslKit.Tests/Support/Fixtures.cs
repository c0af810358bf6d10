namespace EslKit.Tests.Support;

/// <summary>
/// The byte-exact FreeSWITCH captures in ../shared/fixtures, read at run time. Missing fixtures fail the
/// test run loudly: they are the ground truth, never copied into the repository.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding freeswitch/ and older-freeswitch/.</summary>
    public static string Directory => Root.Value;

    /// <summary>Every ESL stream FreeSWITCH sent (websocket captures excluded), as paths relative to <see cref="Directory"/>.</summary>
    public static IReadOnlyList<string> EslStreams { get; } = ListEslStreams();

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Directory, relativePath));

    public static string ReadText(string relativePath) => File.ReadAllText(Path.Combine(Directory, relativePath));

    private static string[] ListEslStreams()
    {
        var current = System.IO.Directory.GetFiles(Path.Combine(Directory, "freeswitch"), "*.fs.bin")
            .Where(p => !Path.GetFileName(p).StartsWith("audio-stream-ws", StringComparison.Ordinal));
        var older = System.IO.Directory.GetFiles(Path.Combine(Directory, "older-freeswitch"), "*.fs.bin");
        return current.Concat(older)
            .Select(p => Path.GetRelativePath(Directory, p).Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
    }

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("ESLKIT_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Check(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EslKit.sln")))
            {
                return Check(Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures")));
            }
        }

        throw new InvalidOperationException("Cannot find EslKit.sln above the test binaries, so ../shared/fixtures cannot be located.");
    }

    private static string Check(string path) =>
        File.Exists(Path.Combine(path, "freeswitch", "INDEX.md"))
            ? path
            : throw new InvalidOperationException(
                $"The FreeSWITCH fixtures are missing: expected {path}/freeswitch/INDEX.md. " +
                "Check out ../shared beside the repository (or set ESLKIT_FIXTURES).");
}
