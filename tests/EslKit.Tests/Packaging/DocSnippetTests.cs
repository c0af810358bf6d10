using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace EslKit.Tests.Packaging;

/// <summary>
/// Every C# block of README.md and docs/ compiles against the packed packages, with warnings as errors, so the
/// docs cannot drift from the API (how a block says what it is — statements, members, a file, a program — is in
/// <see cref="MarkdownSnippets"/>). Failures are reported at the markdown file and line. The checked documents
/// build together, and the compiler stops at the first stage with errors (syntax, declarations, bodies): after
/// fixing what is reported, run again.
/// </summary>
[Collection(PackedPackagesGroup.Name)]
public sealed partial class DocSnippetTests(ConsumerWorkspace workspace, ITestOutputHelper output)
{
    /// <summary>
    /// Documents not yet held to compiling, relative to the repository: other work is rewriting them right
    /// now. Their blocks are still built and their errors printed by the test, but do not fail it. Empty this
    /// list as that work lands.
    /// </summary>
    internal static readonly IReadOnlyList<string> NotYetChecked =
    [
    ];

    /// <summary>A page with one mistake per kind of block, at known lines (see <see cref="BrokenLines"/>).</summary>
    internal const string BrokenDocument = """
        # A deliberately broken page

        Statements:

        ```csharp
        await using var client = await EslClient.ConnectAsync("127.0.0.1", 8021, "ClueCon");
        await client.ApiAsync(42);
        int unused = 1;
        ```

        <!-- snippet: file -->
        ```cs
        public sealed class Broken
        {
            public int Value => "text";
        }
        ```

        <!-- snippet: params="EslClient client" usings="EslKit.Commands" -->
        ```csharp
        await client.ApiAsync(EslApi.NoSuchBuilder());
        ```

        <!-- snippet: project="app" -->
        ```csharp
        Console.WriteLine(NoSuchThing);
        ```
        """;

    /// <summary>Where <see cref="BrokenDocument"/> is wrong, and what the compiler says there.</summary>
    internal static readonly IReadOnlyList<(int Line, string Code)> BrokenLines =
    [
        (7, "CS1503"),   // an int where the command goes
        (8, "CS0219"),   // a warning, so an error: assigned but never used
        (15, "CS0029"),  // a string where an int goes
        (21, "CS0117"),  // no such member, in a block with params and usings
        (26, "CS0103"),  // a name that does not exist, in a program's file
    ];

    [Fact]
    public async Task Every_code_block_in_the_readme_and_the_docs_compiles_against_the_packed_packages()
    {
        var build = await workspace.BuildAsync();
        string root = workspace.Repository;
        var checkedDocuments = build.Documents.Where(d => d.Path.StartsWith(root, StringComparison.Ordinal) && !IsExcluded(d.Path)).ToList();
        var failures = new List<string>();
        foreach (var document in build.Documents.Where(d => d.Path.StartsWith(root, StringComparison.Ordinal)))
        {
            string name = Path.GetRelativePath(root, document.Path);
            var errors = build.Errors.Where(e => e.File == document.Path).Select(e => e.Describe(root)).ToList();
            if (document.Problem is not null)
            {
                errors.Insert(0, document.Problem.Replace(root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal));
            }

            output.WriteLine($"{name}: {document.Snippets.Count(s => s.Kind != SnippetKind.Skipped)} blocks compiled, {errors.Count} errors{(IsExcluded(document.Path) ? " (not yet checked)" : string.Empty)}");
            foreach (var skipped in document.Snippets.Where(s => s.Kind == SnippetKind.Skipped))
            {
                output.WriteLine($"  skipped {skipped.Where(root)}: {skipped.SkipReason}");
            }

            foreach (string error in errors)
            {
                output.WriteLine($"  {error}");
            }

            if (!IsExcluded(document.Path))
            {
                failures.AddRange(errors);
            }
        }

        // Errors that are no document's (a package not found, a project that cannot build) fail every consumer;
        // the sample's own are its test's, the documents not yet checked are only printed.
        var elsewhere = build.Errors.Where(e => e.File is null || !e.File.EndsWith(".md", StringComparison.Ordinal)).ToList();
        foreach (var error in elsewhere.Where(e => e.File is not null && e.File.StartsWith(Path.Combine(workspace.Root, "snippets", ConsumerWorkspace.NotYetCheckedGroup), StringComparison.Ordinal)))
        {
            output.WriteLine($"not yet checked: {error.Describe(workspace.Root)}");
        }

        failures.AddRange(elsewhere
            .Where(e => e.File is null || !(e.File.StartsWith(Path.Combine(workspace.Root, "samples"), StringComparison.Ordinal)
                || e.File.StartsWith(Path.Combine(workspace.Root, "snippets", ConsumerWorkspace.NotYetCheckedGroup), StringComparison.Ordinal)))
            .Select(e => e.Describe(workspace.Root)));

        Assert.True(failures.Count == 0, $"Code blocks that do not compile against the packed packages:\n{string.Join('\n', failures)}");
        Assert.Contains(checkedDocuments, d => d.Path.EndsWith("docs/getting-started.md", StringComparison.Ordinal) && d.Snippets.Any(s => s.Kind == SnippetKind.ProjectFile));
        foreach (var document in checkedDocuments)
        {
            // Counted apart from the reader, so that a block it fails to see cannot pass unnoticed.
            int fences = File.ReadLines(document.Path).Count(line => CSharpFence().IsMatch(line));
            Assert.True(fences == document.Snippets.Count, $"{Path.GetRelativePath(root, document.Path)} has {fences} C# blocks, {document.Snippets.Count} were read.");
        }
    }

    [Fact]
    public async Task A_broken_block_fails_the_build_at_its_markdown_file_and_line()
    {
        var build = await workspace.BuildAsync();
        var broken = build.Documents.Single(d => d.Path.EndsWith("broken.md", StringComparison.Ordinal));
        var reported = build.Errors.Where(e => e.File == broken.Path).Select(e => e.Describe(workspace.Root)).ToList();
        output.WriteLine(string.Join('\n', reported));

        Assert.Null(broken.Problem);
        Assert.Equal(
            BrokenLines.Select(b => $"broken-docs/broken.md:{b.Line}: {b.Code}").Order(StringComparer.Ordinal),
            reported.Select(r => string.Join(' ', r.Split(' ')[..2])).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\s*(```|~~~)\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CSharpFence();

    /// <summary>Whether the document at <paramref name="relativePath"/> (from the repository) is in <see cref="NotYetChecked"/>.</summary>
    internal static bool IsNotYetChecked(string relativePath) => NotYetChecked.Contains(relativePath.Replace('\\', '/'));

    private bool IsExcluded(string path) => IsNotYetChecked(Path.GetRelativePath(workspace.Repository, path));
}
