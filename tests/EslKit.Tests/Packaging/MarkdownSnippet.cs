namespace EslKit.Tests.Packaging;

/// <summary>One C# code block of a markdown document, with how to compile it.</summary>
/// <param name="Document">The markdown file's full path.</param>
/// <param name="Line">The 1-based line of the block's first code line (the line after the opening fence).</param>
/// <param name="Code">The code, with the fence's indentation removed.</param>
/// <param name="Kind">How it is compiled.</param>
/// <param name="AnnotationLine">The line of its <c>&lt;!-- snippet: … --&gt;</c> annotation; the fence's line when it has none.</param>
/// <param name="Project">For <see cref="SnippetKind.ProjectFile"/>: the program it belongs to.</param>
/// <param name="Usings">Namespaces imported besides <c>EslKit</c> (statements and members).</param>
/// <param name="Parameters">The parameter list of the method that holds statements, e.g. <c>EslClient client, CancellationToken ct</c>.</param>
/// <param name="HiddenCode">Members declared around the block but not shown (the annotation's lines after the first), or null.</param>
/// <param name="HiddenLine">The line of <paramref name="HiddenCode"/>'s first line.</param>
/// <param name="SkipReason">Why a <see cref="SnippetKind.Skipped"/> block is not compiled.</param>
/// <param name="Web">For <see cref="SnippetKind.ProjectFile"/>: the program is an ASP.NET Core one (Microsoft.NET.Sdk.Web and its implicit usings).</param>
internal sealed record MarkdownSnippet(
    string Document,
    int Line,
    string Code,
    SnippetKind Kind,
    int AnnotationLine,
    string? Project,
    IReadOnlyList<string> Usings,
    string? Parameters,
    string? HiddenCode,
    int HiddenLine,
    string? SkipReason,
    bool Web = false)
{
    /// <summary>Where the block is, as <c>file:line</c> with the file relative to <paramref name="root"/>.</summary>
    public string Where(string root) => $"{Path.GetRelativePath(root, Document)}:{Line}";
}
