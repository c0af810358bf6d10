using System.Globalization;
using System.Text;

namespace EslKit.Fuzz;

/// <summary>Saves a failing input, its minimised form and how to replay it.</summary>
internal static class Findings
{
    public static string Save(string directory, byte[] input, byte[]? minimised, FuzzFailure failure, ExecPlan plan, int seed, long exec)
    {
        Directory.CreateDirectory(directory);
        string stem = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Safe(failure.Kind)}-seed{seed}-exec{exec}"));
        File.WriteAllBytes(stem + ".bin", input);
        if (minimised is not null)
        {
            File.WriteAllBytes(stem + ".min.bin", minimised);
        }

        var text = new StringBuilder()
            .AppendLine(failure.Message)
            .AppendLine(CultureInfo.InvariantCulture, $"seed: {seed}, exec: {exec}, input: {input.Length} bytes, minimised: {minimised?.Length.ToString(CultureInfo.InvariantCulture) ?? "-"} bytes")
            .AppendLine(CultureInfo.InvariantCulture, $"plan: {plan}")
            .AppendLine(CultureInfo.InvariantCulture, $"replay: dotnet run --project fuzz/EslKit.Fuzz -c Release -- --replay {stem}{(minimised is null ? string.Empty : ".min")}.bin")
            .AppendLine()
            .AppendLine(failure.ToString());
        File.WriteAllText(stem + ".txt", text.ToString());
        return stem;
    }

    /// <summary>The plan saved beside a finding (<c>plan:</c> line of its .txt), if any.</summary>
    public static ExecPlan? LoadPlan(string inputPath)
    {
        string stem = inputPath.EndsWith(".min.bin", StringComparison.Ordinal) ? inputPath[..^".min.bin".Length] : Path.ChangeExtension(inputPath, null);
        string notes = stem + ".txt";
        if (!File.Exists(notes))
        {
            return null;
        }

        string? line = File.ReadLines(notes).FirstOrDefault(l => l.StartsWith("plan: ", StringComparison.Ordinal));
        return line is null ? null : ExecPlan.Parse(line["plan: ".Length..]);
    }

    private static string Safe(string kind) => string.Concat(kind.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
