using EslKit.Shared;

namespace EslKit.Tests.Support;

/// <summary>
/// The byte-exact FreeSWITCH captures in ../shared/fixtures, read at run time. Missing fixtures fail the
/// test run loudly: they are the ground truth, never copied into the repository.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> Root = new(RepositoryPaths.Fixtures);

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
}
