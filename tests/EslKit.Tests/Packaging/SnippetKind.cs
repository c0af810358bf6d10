namespace EslKit.Tests.Packaging;

/// <summary>How a C# block of a markdown file is compiled (chosen by the <c>&lt;!-- snippet: … --&gt;</c> line before it).</summary>
internal enum SnippetKind
{
    /// <summary>No annotation: statements, compiled as the body of an async method (<c>params</c> declares what they use).</summary>
    Statements,

    /// <summary><c>members</c>: methods, fields or nested types, compiled inside a class.</summary>
    Members,

    /// <summary><c>file</c>: a whole C# file of a class library (types, no top-level statements).</summary>
    File,

    /// <summary><c>project="name"</c>: a whole C# file of a console program made of every block with that name in the document.</summary>
    ProjectFile,

    /// <summary><c>skip reason="…"</c>: not compiled; kept rare, and the reason is printed by the test.</summary>
    Skipped,
}
