namespace EslKit.Benchmarks;

/// <summary>Loads the FreeSWITCH captures from ../shared/fixtures.</summary>
public static class FixtureData
{
    public static byte[] Read(string relativePath)
    {
        string? root = Environment.GetEnvironmentVariable("ESLKIT_FIXTURES");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); root is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EslKit.sln")))
            {
                root = Path.Combine(dir.FullName, "..", "shared", "fixtures");
            }
        }

        string path = Path.Combine(root ?? throw new InvalidOperationException("Cannot locate EslKit.sln to find ../shared/fixtures (or set ESLKIT_FIXTURES)."), relativePath);
        return File.Exists(path) ? File.ReadAllBytes(path) : throw new FileNotFoundException("FreeSWITCH fixture missing: check out ../shared beside the repository.", path);
    }
}
