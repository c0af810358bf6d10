using System.Reflection;
using System.Xml.Linq;
using EslKit.Shared;

namespace EslKit.Tests.Packaging;

/// <summary>
/// The packed packages and everything that consumes them, made once for all packaging and doc-snippet tests
/// (they share it through <see cref="PackedPackagesGroup"/>): EslKit, EslKit.Hosting, EslKit.Testing and EslKit.AudioStream packed
/// with one <c>dotnet pack</c> into a local feed in a temp folder, then — on first use — the samples and every
/// C# block of README.md and docs/ built against that feed with one <c>dotnet build</c>.
/// </summary>
/// <remarks>
/// The folder mirrors the repository, so the samples build with their own nuget.config unchanged:
/// <c>artifacts/packages</c> (the feed), <c>samples/</c> (a copy), <c>snippets/</c> (generated), <c>broken-docs/</c>.
/// </remarks>
public sealed class ConsumerWorkspace : IAsyncLifetime
{
    /// <summary>The packages a user installs, in dependency order.</summary>
    public static readonly IReadOnlyList<string> Packages = ["EslKit", "EslKit.Hosting", "EslKit.Testing", "EslKit.AudioStream"];

    // Packages the snippets may use besides ours, at the versions the repository itself uses.
    private static readonly string[] OtherPackages = ["Microsoft.Extensions.Hosting", "xunit"];

    /// <summary>The folder under snippets/ of the documents not yet held to compiling (built apart, so they hide no other error).</summary>
    internal const string NotYetCheckedGroup = "docs-not-yet-checked";

    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(15);

    private readonly Lazy<Task<ConsumerBuild>> _build;

    /// <summary>Creates the temp folder; packing happens in <see cref="InitializeAsync"/>.</summary>
    public ConsumerWorkspace()
    {
        _build = new(BuildConsumersAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The repository being packed.</summary>
    public string Repository { get; } = RepositoryPaths.Root();

    /// <summary>The temp folder everything is made in.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("eslkit-consumers-").FullName;

    /// <summary>The local feed the packages are packed into.</summary>
    public string Feed => Path.Combine(Root, "artifacts", "packages");

    /// <summary>New for each run, so that no package cache can hand out a stale build.</summary>
    public string Version { get; } = $"0.1.0-pack.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    /// <summary>The configuration the tests (and so the libraries) were built in.</summary>
    public static string Configuration =>
        typeof(ConsumerWorkspace).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>Packs the libraries (as built for these tests: no rebuild) into <see cref="Feed"/>.</summary>
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        // One solution filter: one dotnet pack, one MSBuild evaluation of the three projects.
        string filter = Path.Combine(Root, "pack.slnf");
        await File.WriteAllTextAsync(filter, $$"""
            { "solution": { "path": "{{Path.Combine(Repository, "EslKit.sln")}}",
                            "projects": [ {{string.Join(", ", Packages.Select(p => $"\"src/{p}/{p}.csproj\""))}} ] } }
            """);
        await DotnetCli.RunCheckedAsync(Repository, PackTimeout, "dotnet", "pack", filter, "-c", Configuration, "--no-build", "--nologo",
            $"-p:PackageOutputPath={Feed}", $"-p:Version={Version}", "-nr:false");
    }

    /// <summary>The build of the samples and the doc snippets, made on first use and shared.</summary>
    internal Task<ConsumerBuild> BuildAsync() => _build.Value;

    /// <summary>The documents whose C# blocks are built: README.md and every markdown file under docs/.</summary>
    internal IReadOnlyList<string> DocumentPaths() =>
    [
        Path.Combine(Repository, "README.md"),
        .. Directory.EnumerateFiles(Path.Combine(Repository, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal),
    ];

    /// <summary>Deletes the temp folder and this run's packages from the NuGet cache (their version is never used again).</summary>
    public Task DisposeAsync()
    {
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string folder in Packages.Select(p => Path.Combine(cache, p.ToLowerInvariant(), Version.ToLowerInvariant())).Append(Root))
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }

    private async Task<ConsumerBuild> BuildConsumersAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        // The samples exactly as in the repository (their nuget.config finds the feed at ../artifacts/packages).
        string samples = Path.Combine(Root, "samples");
        CopyDirectory(Path.Combine(Repository, "samples"), samples);

        string broken = Directory.CreateDirectory(Path.Combine(Root, "broken-docs")).FullName;
        await File.WriteAllTextAsync(Path.Combine(broken, "broken.md"), DocSnippetTests.BrokenDocument);
        var documents = DocumentPaths().Append(Path.Combine(broken, "broken.md")).Select(Read).ToList();
        var projects = SnippetProjects.Write(
            Directory.CreateDirectory(Path.Combine(Root, "snippets")).FullName,
            documents.SelectMany(d => d.Snippets),
            document => !document.StartsWith(Repository, StringComparison.Ordinal) ? "broken-docs"
                : DocSnippetTests.IsNotYetChecked(Path.GetRelativePath(Repository, document)) ? NotYetCheckedGroup
                : "docs",
            Packages,
            OtherPackages.ToDictionary(p => p, CentralVersion));

        string solution = Path.Combine(Root, "consumers.slnx");
        await File.WriteAllTextAsync(solution, $"""
            <Solution>
            {string.Concat(projects.Append(Path.Combine(samples, "FirstHour", "FirstHour.csproj")).Select(p => $"  <Project Path=\"{Path.GetRelativePath(Root, p)}\" />\n"))}</Solution>
            """);
        var (exitCode, output) = await DotnetCli.RunAsync(Root, BuildTimeout, "dotnet", "build", solution, "-c", "Release", "--nologo",
            $"-p:EslKitVersion={Version}", "-nr:false", "-clp:NoSummary");
        return new ConsumerBuild(exitCode, output, BuildDiagnostic.ParseErrors(output), documents, Path.Combine(samples, "FirstHour"));
    }

    private static DocumentSnippets Read(string path)
    {
        try
        {
            return new DocumentSnippets(path, MarkdownSnippets.Read(path, File.ReadAllText(path)), null);
        }
        catch (FormatException ex)
        {
            return new DocumentSnippets(path, [], ex.Message);
        }
    }

    private string CentralVersion(string package) =>
        XDocument.Load(Path.Combine(Repository, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            // A user's own build output in the repository's sample must not come along.
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
