namespace EslKit.Tests.Packaging;

/// <summary>The C# blocks of one markdown document, or why they could not be read.</summary>
/// <param name="Path">The document's full path.</param>
/// <param name="Snippets">Its C# blocks (none when <paramref name="Problem"/> is set).</param>
/// <param name="Problem">A malformed annotation or fence, as <c>file:line: …</c>; null when the document was read.</param>
internal sealed record DocumentSnippets(string Path, IReadOnlyList<MarkdownSnippet> Snippets, string? Problem);
