using System.Text;
using System.Text.RegularExpressions;

namespace EslKit.Tests.Packaging;

/// <summary>
/// Writes the doc snippets as consumer projects of the packed packages: class libraries holding the
/// statements, members and file blocks (each in a file and a class of its own), and console programs made of
/// <c>project="…"</c> blocks. Every generated file carries
/// <c>#line</c> directives pointing at the markdown, so the compiler reports errors at the document's lines.
/// </summary>
internal static partial class SnippetProjects
{
    /// <summary>
    /// Writes the projects under <paramref name="directory"/> and returns their paths: a class library per group
    /// of documents (<paramref name="groupOf"/> names a document's group) with their statements, members and file
    /// blocks, and a console program per <c>project="…"</c> name of a document. They reference
    /// <paramref name="packages"/> and <paramref name="otherPackages"/>; the EslKit version comes from the
    /// <c>EslKitVersion</c> property given to the build.
    /// </summary>
    /// <remarks>
    /// Each compilation costs seconds, so documents share one. But the compiler stops at the first stage with
    /// errors (syntax, then declarations, then method bodies), so a group's syntax error hides its other errors
    /// until fixed: documents that may not compile yet go in a group of their own.
    /// </remarks>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<MarkdownSnippet> snippets, Func<string, string> groupOf, IEnumerable<string> packages, IReadOnlyDictionary<string, string> otherPackages)
    {
        string references = string.Concat(packages.Select(p => $"""    <PackageReference Include="{p}" Version="$(EslKitVersion)" />{"\n"}"""))
            + string.Concat(otherPackages.Select(p => $"""    <PackageReference Include="{p.Key}" Version="{p.Value}" />{"\n"}"""));
        var projects = new List<string>();
        var compiled = snippets.Where(s => s.Kind != SnippetKind.Skipped).ToList();
        foreach (var group in compiled.Where(s => s.Kind != SnippetKind.ProjectFile).GroupBy(s => groupOf(s.Document)))
        {
            string library = Directory.CreateDirectory(Path.Combine(directory, group.Key)).FullName;
            foreach (var snippet in group)
            {
                File.WriteAllText(NewFile(library, snippet), snippet.Kind switch
                {
                    SnippetKind.Statements => Statements(snippet),
                    SnippetKind.Members => Members(snippet),
                    _ => LibraryFile(snippet),
                });
            }

            projects.Add(WriteProject(library, group.Key, "Library", references, "Microsoft.NET.Sdk"));
        }

        foreach (var program in compiled.Where(s => s.Kind == SnippetKind.ProjectFile).GroupBy(s => (s.Document, s.Project)))
        {
            string name = $"{Sanitize(Path.GetFileNameWithoutExtension(program.Key.Document))}-{program.Key.Project}";
            string folder = Directory.CreateDirectory(Path.Combine(directory, name)).FullName;
            foreach (var snippet in program)
            {
                File.WriteAllText(NewFile(folder, snippet), $"{LineDirective(snippet.Line, snippet)}\n{snippet.Code}\n");
            }

            projects.Add(WriteProject(folder, name, "Exe", references, program.Any(s => s.Web) ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk"));
        }

        return projects;
    }

    // Two documents with the same name in different folders would need more than the name to tell them apart.
    private static string NewFile(string folder, MarkdownSnippet snippet)
    {
        string path = Path.Combine(folder, Identifier(snippet) + ".cs");
        return File.Exists(path) ? throw new InvalidOperationException($"Two blocks would both be {path}: rename one of their documents.") : path;
    }

    private static string WriteProject(string folder, string name, string outputType, string references, string sdk)
    {
        string path = Path.Combine(folder, name + ".csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <OutputType>{outputType}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- Compiled to prove the docs, never run: skip what only running needs. -->
                <UseAppHost>false</UseAppHost>
                <GenerateDocumentationFile>false</GenerateDocumentationFile>
                <!-- Every project gets the same packages; one the framework already has (Microsoft.Extensions.Hosting
                     under ASP.NET Core) is harmless here. -->
                <NoWarn>$(NoWarn);NU1510</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        return path;
    }

    // Statements become the body of an async method whose parameters are the block's params. Every generated
    // line maps to the markdown (the annotation, or the closing fence), so any error lands in the document.
    private static string Statements(MarkdownSnippet snippet)
    {
        var code = new StringBuilder();
        code.Append("#pragma warning disable CS1998 // a block need not await anything\n");
        code.Append($"{LineDirective(snippet.AnnotationLine, snippet)}\n{Usings(snippet)} public sealed class {Identifier(snippet)} {{\n");
        AppendHidden(code, snippet);
        code.Append($"{LineDirective(snippet.AnnotationLine, snippet)}\npublic async Task RunAsync({snippet.Parameters}) {{\n");
        code.Append($"{LineDirective(snippet.Line, snippet)}\n{snippet.Code}\n{LineDirective(ClosingFence(snippet), snippet)}\n}} }}\n");
        return code.ToString();
    }

    private static string Members(MarkdownSnippet snippet)
    {
        var code = new StringBuilder();
        code.Append($"{LineDirective(snippet.AnnotationLine, snippet)}\n{Usings(snippet)} public sealed class {Identifier(snippet)} {{\n");
        AppendHidden(code, snippet);
        code.Append($"{LineDirective(snippet.Line, snippet)}\n{snippet.Code}\n{LineDirective(ClosingFence(snippet), snippet)}\n}}\n");
        return code.ToString();
    }

    // A whole file; without a namespace of its own it gets one after its using directives (mapped to the line
    // after them), so that types of different blocks cannot collide.
    private static string LibraryFile(MarkdownSnippet snippet)
    {
        string[] lines = snippet.Code.Split('\n');
        if (lines.Any(l => NamespaceDeclaration().IsMatch(l)))
        {
            return $"{LineDirective(snippet.Line, snippet)}\n{snippet.Code}\n";
        }

        int body = 0;
        while (body < lines.Length && (lines[body].Trim().Length == 0 || lines[body].TrimStart().StartsWith("//", StringComparison.Ordinal) || UsingDirective().IsMatch(lines[body])))
        {
            body++;
        }

        return $"{LineDirective(snippet.Line, snippet)}\n{string.Join('\n', lines[..body])}\n"
            + $"{LineDirective(snippet.Line + body, snippet)}\nnamespace Snippets.{Identifier(snippet)};\n"
            + $"{LineDirective(snippet.Line + body, snippet)}\n{string.Join('\n', lines[body..])}\n";
    }

    // EslKit and the annotation's namespaces, on one line (mapped to the annotation).
    private static string Usings(MarkdownSnippet snippet) => string.Concat(snippet.Usings.Prepend("EslKit").Select(u => $"using {u}; "));

    private static int ClosingFence(MarkdownSnippet snippet) => snippet.Line + snippet.Code.Split('\n').Length;

    private static void AppendHidden(StringBuilder code, MarkdownSnippet snippet)
    {
        if (snippet.HiddenCode is not null)
        {
            code.Append($"{LineDirective(snippet.HiddenLine, snippet)}\n{snippet.HiddenCode}\n");
        }
    }

    private static string LineDirective(int line, MarkdownSnippet snippet) => $"#line {line} \"{snippet.Document}\"";

    private static string Identifier(MarkdownSnippet snippet) => $"Snippet_{Sanitize(Path.GetFileNameWithoutExtension(snippet.Document))}_L{snippet.Line}";

    private static string Sanitize(string name) => NotIdentifier().Replace(name, "_");

    [GeneratedRegex(@"^\s*namespace\s+[A-Za-z_][\w.]*\s*[;{]?\s*$")]
    private static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"^\s*(global\s+)?using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[^;]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NotIdentifier();
}
