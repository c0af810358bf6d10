using System.Globalization;

namespace EslKit.Fuzz;

/// <summary>Command-line options.</summary>
internal sealed record FuzzOptions(int Seconds, int Seed, string Findings, string? Replay, int ReportSeconds)
{
    public const string Usage =
        """
        usage: dotnet run --project fuzz/EslKit.Fuzz -c Release -- [options]
          --seconds N      run for N seconds (default 45)
          --seed N         random seed (default: from the clock; printed either way)
          --findings DIR   where failing inputs go (default fuzz/findings)
          --report N       seconds between progress lines (default 5)
          --replay FILE    run one saved input (with the plan saved beside it) and exit
        exit code: 0 clean, 1 a finding was saved, 2 bad usage
        """;

    public static FuzzOptions Parse(string[] args, string defaultFindings)
    {
        int seconds = 45;
        int seed = Environment.TickCount & int.MaxValue;
        int report = 5;
        string findings = defaultFindings;
        string? replay = null;
        for (int i = 0; i < args.Length; i++)
        {
            string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--seconds": seconds = Positive(value, args[i]); break;
                case "--seed": seed = int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--findings": findings = value; break;
                case "--report": report = Positive(value, args[i]); break;
                case "--replay": replay = value; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }

            i++;
        }

        return new FuzzOptions(seconds, seed, findings, replay, report);
    }

    private static int Positive(string value, string option) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0 ? n : throw new ArgumentException($"{option} needs a positive number");
}
