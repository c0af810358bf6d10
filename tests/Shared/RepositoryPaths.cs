namespace EslKit.Shared;

/// <summary>
/// Finds the repository and the FreeSWITCH captures in ../shared/fixtures beside it. One source file, linked
/// into the tests, the fuzzer and the benchmarks, so they all agree on where ground truth lives.
/// </summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding EslKit.sln, searched upwards from the binaries and then the current directory; null when none.</summary>
    public static string? FindRoot()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EslKit.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The folder holding EslKit.sln.</summary>
    /// <exception cref="InvalidOperationException">There is none above the binaries or the current directory.</exception>
    public static string Root() =>
        FindRoot() ?? throw new InvalidOperationException("Cannot find EslKit.sln above the binaries or the current directory.");

    /// <summary>
    /// The fixtures folder (holding freeswitch/ and older-freeswitch/): ESLKIT_FIXTURES when set, else
    /// ../shared/fixtures beside the repository.
    /// </summary>
    /// <exception cref="InvalidOperationException">The folder cannot be located or holds no captures: fail loudly, never skip.</exception>
    public static string Fixtures()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("ESLKIT_FIXTURES");
        string path = !string.IsNullOrEmpty(fromEnvironment)
            ? Path.GetFullPath(fromEnvironment)
            : Path.GetFullPath(Path.Combine(Root(), "..", "shared", "fixtures"));
        return File.Exists(Path.Combine(path, "freeswitch", "INDEX.md"))
            ? path
            : throw new InvalidOperationException(
                $"The FreeSWITCH fixtures are missing: expected {path}/freeswitch/INDEX.md. " +
                "Check out ../shared beside the repository (or set ESLKIT_FIXTURES).");
    }
}
