using System.Text.RegularExpressions;

namespace EslKit.Tests.Packaging;

/// <summary>An error (or warning) from a dotnet build's output, at the file and line the compiler reported.</summary>
/// <param name="File">The file as reported — for a doc snippet, the markdown file (the generated code maps its lines there); null when the message names none.</param>
/// <param name="Line">The 1-based line; 0 when none.</param>
/// <param name="Code">The diagnostic id (CS0103, NU1101, MSB3073 …).</param>
/// <param name="Message">The message, without the project suffix MSBuild adds.</param>
internal sealed partial record BuildDiagnostic(string? File, int Line, string Code, string Message)
{
    /// <summary>The distinct errors of a build's output (MSBuild prints each twice: as it happens and in the summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> ParseErrors(string output) =>
    [
        .. output.ReplaceLineEndings("\n").Split('\n')
            .Select(line => Diagnostic().Match(line.Trim()))
            .Where(match => match.Success && match.Groups["severity"].Value == "error")
            .Select(match => new BuildDiagnostic(
                match.Groups["file"].Success ? match.Groups["file"].Value : null,
                match.Groups["line"].Success ? int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0,
                match.Groups["code"].Value,
                match.Groups["message"].Value.Trim()))
            .Distinct(),
    ];

    /// <summary><c>file:line: CODE message</c>, the file relative to <paramref name="root"/> when it is under it.</summary>
    public string Describe(string root)
    {
        string where = File is null ? "(no file)" : File.StartsWith(root, StringComparison.Ordinal) ? Path.GetRelativePath(root, File) : File;
        return Line > 0 ? $"{where}:{Line}: {Code} {Message}" : $"{where}: {Code} {Message}";
    }

    // "/path/file.md(12,5): error CS0103: The name 'x' does not exist in the current context [/path/P.csproj]",
    // "/path/P.csproj : error NU1101: Unable to find package …", "error MSB1009: Project file does not exist."
    [GeneratedRegex(@"^(?:(?<file>[^\s(][^(]*?)(?:\((?<line>\d+)(?:,\d+)*\))?\s*:\s*)?(?<severity>error|warning)\s+(?<code>[A-Z]+\d+)\s*:\s*(?<message>.*?)(?:\s+\[[^\]]+\])?$")]
    private static partial Regex Diagnostic();
}
