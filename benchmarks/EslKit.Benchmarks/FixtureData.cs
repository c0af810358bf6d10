using EslKit.Shared;

namespace EslKit.Benchmarks;

/// <summary>Loads the FreeSWITCH captures from ../shared/fixtures.</summary>
public static class FixtureData
{
    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Fixtures(), relativePath));
}
