using System.Text.RegularExpressions;

namespace EslKit.Tests.Packaging;

/// <summary>
/// Finds the C# blocks (```csharp, ```cs, ```c#) of a markdown document and how each is to be compiled.
/// </summary>
/// <remarks>
/// The convention, for everyone who writes docs:
/// <list type="bullet">
/// <item>A block with no annotation holds statements: they are compiled as the body of an async method, with
/// <c>using EslKit;</c> and the SDK's implicit usings (System, System.IO, System.Linq, System.Threading.Tasks …).</item>
/// <item>An annotation is an HTML comment on the last non-blank line before the fence (markdown viewers hide it):
/// <c>&lt;!-- snippet: params="EslClient client, CancellationToken ct" usings="EslKit.Commands" --&gt;</c>.
/// <c>params</c> declares what the statements use (it becomes the method's parameter list, so nothing is left
/// unused); <c>usings</c> adds namespaces, separated by spaces.</item>
/// <item>Lines between the annotation's first line and its <c>--&gt;</c> are C# members declared around the block but
/// not shown (e.g. a small handler class the block refers to).</item>
/// <item><c>members</c>: the block is methods, fields or types, compiled inside a class (e.g. an xunit test method).</item>
/// <item><c>file</c>: the block is a whole C# file of a class library (its own usings; types only). Without a
/// namespace of its own it gets a unique one.</item>
/// <item><c>project="name"</c>: the block is a whole C# file of a console program; every block of the document
/// with that name is one file of the same program, and one of them has the top-level statements. With <c>web</c>
/// on any of them, it is an ASP.NET Core program (Microsoft.NET.Sdk.Web, with its implicit usings).</item>
/// <item><c>skip reason="…"</c>: not compiled (pure illustration, e.g. pseudo-code). Keep these rare: the test
/// prints every one with its reason.</item>
/// </list>
/// A mistake in an annotation (an unknown word, a block missing after it, an unclosed fence) is reported as
/// <c>file:line</c>, like a compile error.
/// </remarks>
internal static partial class MarkdownSnippets
{
    private static readonly string[] CSharpLanguages = ["csharp", "cs", "c#"];
    private static readonly string[] KnownAttributes = ["members", "file", "project", "web", "skip", "reason", "params", "usings"];

    /// <summary>Reads the C# blocks of <paramref name="text"/>, the contents of the markdown file <paramref name="document"/>.</summary>
    /// <exception cref="FormatException">An annotation or a fence is malformed; the message starts with <c>document:line:</c>.</exception>
    public static IReadOnlyList<MarkdownSnippet> Read(string document, string text)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        var snippets = new List<MarkdownSnippet>();
        Annotation? pending = null;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            var fence = Fence().Match(line);
            if (fence.Success)
            {
                int close = FindClosingFence(lines, i, fence, document);
                string language = fence.Groups["info"].Value.Split(' ', 2)[0].ToLowerInvariant();
                if (CSharpLanguages.Contains(language))
                {
                    string code = string.Join('\n', lines[(i + 1)..close].Select(l => Unindent(l, fence.Groups["indent"].Length)));
                    snippets.Add(Create(document, i + 1, code, pending));
                }
                else if (pending is not null)
                {
                    throw Problem(document, pending.Line, $"the snippet annotation is followed by a ```{language} block, not a C# one");
                }

                pending = null;
                i = close;
                continue;
            }

            if (line.TrimStart().StartsWith("<!-- snippet:", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    throw Problem(document, pending.Line, "the snippet annotation is not followed by a C# block");
                }

                pending = ReadAnnotation(document, lines, ref i);
            }
            else if (pending is not null && line.Trim().Length > 0)
            {
                throw Problem(document, pending.Line, "the snippet annotation must be the last line before its C# block");
            }
        }

        return pending is null ? snippets : throw Problem(document, pending.Line, "the snippet annotation is not followed by a C# block");
    }

    private static int FindClosingFence(string[] lines, int open, Match fence, string document)
    {
        string marker = fence.Groups["fence"].Value;
        for (int j = open + 1; j < lines.Length; j++)
        {
            string trimmed = lines[j].Trim();
            if (trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]))
            {
                return j;
            }
        }

        throw Problem(document, open + 1, $"the code block opened here is never closed ({marker})");
    }

    // CommonMark: each content line loses at most as much indentation as the opening fence had.
    private static string Unindent(string line, int indent)
    {
        int remove = 0;
        while (remove < indent && remove < line.Length && line[remove] == ' ')
        {
            remove++;
        }

        return line[remove..];
    }

    private static Annotation ReadAnnotation(string document, string[] lines, ref int i)
    {
        int first = i;
        string head = lines[i].TrimStart()["<!-- snippet:".Length..];
        string? hidden = null;
        int end = head.IndexOf("-->", StringComparison.Ordinal);
        if (end >= 0)
        {
            head = head[..end];
        }
        else
        {
            var body = new List<string>();
            while (true)
            {
                if (++i >= lines.Length)
                {
                    throw Problem(document, first + 1, "the snippet annotation is never closed (-->)");
                }

                int close = lines[i].IndexOf("-->", StringComparison.Ordinal);
                if (close >= 0)
                {
                    body.Add(lines[i][..close]);
                    break;
                }

                body.Add(lines[i]);
            }

            hidden = string.Join('\n', body);
        }

        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        string rest = AttributeList().Replace(head, match =>
        {
            string name = match.Groups["name"].Value;
            if (!KnownAttributes.Contains(name))
            {
                throw Problem(document, first + 1, $"unknown snippet attribute '{name}' (known: {string.Join(", ", KnownAttributes)})");
            }

            if (!attributes.TryAdd(name, match.Groups["value"].Success ? match.Groups["value"].Value : null))
            {
                throw Problem(document, first + 1, $"the snippet attribute '{name}' is given twice");
            }

            return string.Empty;
        });
        if (rest.Trim().Length > 0)
        {
            throw Problem(document, first + 1, $"cannot read the snippet annotation near '{rest.Trim()}'");
        }

        return new Annotation(first + 1, attributes, hidden, first + 2);
    }

    private static MarkdownSnippet Create(string document, int fenceLine, string code, Annotation? annotation)
    {
        int line = fenceLine + 1;
        if (annotation is null)
        {
            return new MarkdownSnippet(document, line, code, SnippetKind.Statements, fenceLine, null, [], null, null, 0, null);
        }

        var a = annotation.Attributes;
        string[] kinds = [.. new[] { "members", "file", "project", "skip" }.Where(a.ContainsKey)];
        if (kinds.Length > 1)
        {
            throw Problem(document, annotation.Line, $"a block is one of members, file, project or skip, not {string.Join(" and ", kinds)}");
        }

        var kind = kinds.FirstOrDefault() switch
        {
            "members" => SnippetKind.Members,
            "file" => SnippetKind.File,
            "project" => SnippetKind.ProjectFile,
            "skip" => SnippetKind.Skipped,
            _ => SnippetKind.Statements,
        };
        Require(a.ContainsKey("reason") == (kind == SnippetKind.Skipped), "skip needs reason=\"…\", and reason goes only with skip");
        Require(kind != SnippetKind.Skipped || !string.IsNullOrWhiteSpace(a["reason"]), "skip needs a reason: say why the block cannot be compiled");
        Require(kind != SnippetKind.ProjectFile || (a["project"] is { } name && ProjectName().IsMatch(name)), "project needs a name of letters, digits and '-'");
        Require(!a.ContainsKey("web") || kind == SnippetKind.ProjectFile, "web applies only to project blocks");
        Require(!a.ContainsKey("params") || kind == SnippetKind.Statements, "params applies only to statements (a block with no kind)");
        Require(!a.ContainsKey("usings") || kind is SnippetKind.Statements or SnippetKind.Members, "usings applies only to statements and members (files have their own)");
        Require(annotation.Hidden is null || kind is SnippetKind.Statements or SnippetKind.Members, "hidden declarations apply only to statements and members");
        string[] usings = a.TryGetValue("usings", out string? list) ? (list ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        Require(usings.All(u => NamespaceName().IsMatch(u)), "usings is a space-separated list of namespaces");
        return new MarkdownSnippet(
            document, line, code, kind, annotation.Line, a.GetValueOrDefault("project"), usings,
            a.GetValueOrDefault("params"), annotation.Hidden, annotation.HiddenLine, a.GetValueOrDefault("reason"), a.ContainsKey("web"));

        void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw Problem(document, annotation.Line, message);
            }
        }
    }

    private static FormatException Problem(string document, int line, string message) => new($"{document}:{line}: {message}");

    [GeneratedRegex(@"^(?<indent> *)(?<fence>`{3,}|~{3,})\s*(?<info>[^`]*)$")]
    private static partial Regex Fence();

    // name, name="value" or name='value'
    [GeneratedRegex("""\s*(?<name>[A-Za-z]+)(?:=(?:"(?<value>[^"]*)"|'(?<value>[^']*)'))?""")]
    private static partial Regex AttributeList();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$")]
    private static partial Regex ProjectName();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex NamespaceName();

    private sealed record Annotation(int Line, Dictionary<string, string?> Attributes, string? Hidden, int HiddenLine);
}
