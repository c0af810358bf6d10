namespace EslKit.Tests.Packaging;

/// <summary>How the doc-snippet test reads markdown: blocks, annotations, and mistakes reported at their line.</summary>
public sealed class MarkdownSnippetsTests
{
    private const string Doc = "/repo/docs/page.md";

    private static IReadOnlyList<MarkdownSnippet> Read(string text) => MarkdownSnippets.Read(Doc, text.ReplaceLineEndings("\n"));

    private static string Problem(string text) => Assert.Throws<FormatException>(() => Read(text)).Message;

    [Fact]
    public void Finds_only_csharp_blocks_with_their_first_code_line()
    {
        var snippets = Read("""
            # Title

            ```sh
            dotnet add package EslKit
            ```

            ```csharp
            var a = 1;
            ```

            ~~~cs
            var b = 2;
            ~~~

            ```c#
            var c = 3;
            ```
            """);

        Assert.Equal([(8, "var a = 1;"), (12, "var b = 2;"), (16, "var c = 3;")], snippets.Select(s => (s.Line, s.Code)));
        Assert.All(snippets, s => Assert.Equal(SnippetKind.Statements, s.Kind));
        Assert.Equal("docs/page.md:8", snippets[0].Where("/repo"));
    }

    [Fact]
    public void A_block_in_a_list_item_loses_its_fence_indentation()
    {
        var snippet = Assert.Single(Read("""
            - a point:

              ```csharp
              if (ready)
              {
                  Go();
              }
              ```
            """));

        Assert.Equal("if (ready)\n{\n    Go();\n}", snippet.Code);
        Assert.Equal(4, snippet.Line);
    }

    [Fact]
    public void Reads_annotations_and_hidden_declarations()
    {
        var snippets = Read("""
            <!-- snippet: params="EslClient client, CancellationToken ct" usings="EslKit.Commands EslKit.Testing" -->
            ```csharp
            await client.ApiAsync("status", cancellationToken: ct);
            ```

            <!-- snippet: members usings="Xunit"
            private readonly int _hidden = 1;
            -->

            ```csharp
            [Fact] public void Test() { }
            ```

            <!-- snippet: file -->
            ```csharp
            public sealed class A { }
            ```

            <!-- snippet: project="app" web -->
            ```csharp
            Console.WriteLine();
            ```

            <!-- snippet: skip reason="pseudo-code" -->
            ```csharp
            do the thing
            ```
            """);

        Assert.Equal([SnippetKind.Statements, SnippetKind.Members, SnippetKind.File, SnippetKind.ProjectFile, SnippetKind.Skipped], snippets.Select(s => s.Kind));
        Assert.Equal("EslClient client, CancellationToken ct", snippets[0].Parameters);
        Assert.Equal(["EslKit.Commands", "EslKit.Testing"], snippets[0].Usings);
        Assert.Equal(1, snippets[0].AnnotationLine);
        Assert.Equal("private readonly int _hidden = 1;\n", snippets[1].HiddenCode);
        Assert.Equal(7, snippets[1].HiddenLine);
        Assert.Equal("app", snippets[3].Project);
        Assert.True(snippets[3].Web);
        Assert.Equal("pseudo-code", snippets[4].SkipReason);
    }

    [Theory]
    [InlineData("<!-- snippet: prelude=\"int x;\" -->\n```csharp\nx++;\n```", "docs/page.md:1: unknown snippet attribute 'prelude'")]
    [InlineData("text\n<!-- snippet: skip -->\n```csharp\nx\n```", "docs/page.md:2: skip needs reason")]
    [InlineData("<!-- snippet: skip reason=\" \" -->\n```csharp\nx\n```", "docs/page.md:1: skip needs a reason")]
    [InlineData("<!-- snippet: file -->\n\nSome text.\n```csharp\nx\n```", "docs/page.md:1: the snippet annotation must be the last line before its C# block")]
    [InlineData("<!-- snippet: file -->\n```json\n{}\n```", "docs/page.md:1: the snippet annotation is followed by a ```json block")]
    [InlineData("# End\n<!-- snippet: members -->", "docs/page.md:2: the snippet annotation is not followed by a C# block")]
    [InlineData("one\ntwo\n```csharp\nvar x = 1;\n", "docs/page.md:3: the code block opened here is never closed")]
    [InlineData("<!-- snippet: file params=\"int x\" -->\n```csharp\nx\n```", "docs/page.md:1: params applies only to statements")]
    [InlineData("<!-- snippet: file members -->\n```csharp\nx\n```", "docs/page.md:1: a block is one of members, file, project or skip")]
    [InlineData("<!-- snippet: project=\"my app\" -->\n```csharp\nx\n```", "docs/page.md:1: project needs a name")]
    [InlineData("<!-- snippet: members\nint x;\n", "docs/page.md:1: the snippet annotation is never closed")]
    [InlineData("<!-- snippet: file web -->\n```csharp\nx\n```", "docs/page.md:1: web applies only to project blocks")]
    public void A_mistake_in_the_markup_is_reported_at_its_line(string text, string expected)
    {
        Assert.StartsWith("/repo/" + expected, Problem(text), StringComparison.Ordinal);
    }
}
