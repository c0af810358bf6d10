using System.Text.RegularExpressions;

namespace EslKit.Tests.Packaging;

/// <summary>
/// The generated code maps every line to the markdown: each code line to its own line, everything generated
/// around it to the annotation or the fence, so that any compiler error is reported in the document.
/// </summary>
public sealed partial class SnippetProjectsTests : IDisposable
{
    private const string Doc = "/repo/docs/page.md";
    private readonly string _folder = Directory.CreateTempSubdirectory("eslkit-snippets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_generated_line_maps_to_the_document_and_each_code_line_to_its_own_line()
    {
        var snippets = MarkdownSnippets.Read(Doc, """
            <!-- snippet: params="EslClient client" usings="EslKit.Commands"
            private static int Hidden() => 1;
            -->
            ```csharp
            var reply = await client.ApiAsync("status");
            Console.WriteLine(reply.Body);
            ```

            <!-- snippet: members -->
            ```csharp
            private int _value;
            ```

            <!-- snippet: file -->
            ```csharp
            using System.Text;

            public sealed class Widget { }
            ```

            <!-- snippet: project="app" web -->
            ```csharp
            Console.WriteLine("hello");
            ```
            """.ReplaceLineEndings("\n"));

        var projects = SnippetProjects.Write(_folder, snippets, _ => "group", ["EslKit"], new Dictionary<string, string>());

        Assert.Equal(["group.csproj", "page-app.csproj"], projects.Select(Path.GetFileName));
        Assert.Contains("<Project Sdk=\"Microsoft.NET.Sdk\">", File.ReadAllText(projects[0]), StringComparison.Ordinal);
        Assert.Contains("<Project Sdk=\"Microsoft.NET.Sdk.Web\">", File.ReadAllText(projects[1]), StringComparison.Ordinal);
        var mapped = Directory.EnumerateFiles(_folder, "*.cs", SearchOption.AllDirectories).SelectMany(MappedLines).ToList();
        foreach (var snippet in snippets)
        {
            string[] code = snippet.Code.Split('\n');
            for (int i = 0; i < code.Length; i++)
            {
                Assert.Contains((snippet.Line + i, code[i]), mapped);
            }
        }

        Assert.Contains((2, "private static int Hidden() => 1;"), mapped);
        Assert.Contains((18, "namespace Snippets.Snippet_page_L16;"), mapped);   // the file's own namespace, at its first type
        Assert.All(mapped, line => Assert.InRange(line.Line, 1, 24));               // nothing lands outside the document
    }

    // Each line of a generated file with the document line the compiler reports it at (what #line says).
    private static IEnumerable<(int Line, string Text)> MappedLines(string file)
    {
        int? line = null;
        foreach (string text in File.ReadLines(file))
        {
            var directive = LineDirective().Match(text);
            if (directive.Success)
            {
                Assert.Equal(Doc, directive.Groups["file"].Value);
                line = int.Parse(directive.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }

            Assert.False(text.StartsWith("#line", StringComparison.Ordinal), $"{file}: {text} leaves the document");
            if (line is null)
            {
                Assert.StartsWith("#pragma", text, StringComparison.Ordinal); // only a pragma may come before the first mapping
                continue;
            }

            yield return (line.Value, text);
            line++;
        }
    }

    [GeneratedRegex("""^#line (?<line>\d+) "(?<file>[^"]+)"$""")]
    private static partial Regex LineDirective();
}
