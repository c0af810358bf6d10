using System.Diagnostics;
using System.Globalization;
using EslKit.Protocol;
using EslKit.Shared;

namespace EslKit.Fuzz;

/// <summary>
/// Corpus-driven mutation fuzzer for the ESL parser: inputs seeded from the FreeSWITCH captures are mutated, fed
/// to <see cref="EslFrameReader"/> in random reads and compared with <see cref="ReferenceParser"/>. See docs/fuzzing.md.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(FuzzOptions.Usage);
            return 0;
        }

        FuzzOptions options;
        try
        {
            options = FuzzOptions.Parse(args, DefaultFindings());
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(FuzzOptions.Usage);
            return 2;
        }

        return options.Replay is null ? Fuzz(options) : Replay(options.Replay);
    }

    private static int Fuzz(FuzzOptions options)
    {
        string fixtures = RepositoryPaths.Fixtures();
        var corpus = Corpus.Load(fixtures);
        var random = new Random(options.Seed);
        var stats = new FuzzStats();
        var target = new DifferentialTarget(stats);
        var mutator = new Mutator(random, corpus);
        Console.WriteLine(Invariant($"eslkit fuzz: seed {options.Seed}, {options.Seconds} s, corpus {corpus.Frames.Count} frames + {corpus.Streams.Count} streams, {corpus.Tokens.Count} tokens ({fixtures})"));

        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(options.Seconds);
        var nextReport = TimeSpan.FromSeconds(options.ReportSeconds);
        long lastExecs = 0;
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < deadline)
        {
            byte[] input = mutator.Next();
            var plan = ExecPlan.Random(random, input.Length);
            stats.Execs++;
            stats.InputBytes += input.Length;
            try
            {
                target.Run(input, plan);
            }
            catch (FuzzFailure failure)
            {
                return Report(options, input, plan, failure, stats);
            }

            if (clock.Elapsed >= nextReport)
            {
                var now = clock.Elapsed;
                double rate = (stats.Execs - lastExecs) / (now - lastReport).TotalSeconds;
                Console.WriteLine(Invariant($"[{now.TotalSeconds,5:0}s] {stats.Execs,10:N0} execs  {rate,8:N0} execs/s  {stats.Frames,12:N0} frames  {stats.Events,10:N0} events"));
                lastExecs = stats.Execs;
                lastReport = now;
                nextReport = now + TimeSpan.FromSeconds(options.ReportSeconds);
            }
        }

        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(Invariant($"done: {seconds:0.0} s, {stats.Execs:N0} execs ({stats.Execs / seconds:N0} execs/s, {stats.InputBytes / seconds / 1e6:0.0} MB/s of input), seed {options.Seed}"));
        Console.WriteLine(Invariant($"  frames read {stats.Frames:N0}, events read {stats.Events:N0} ({stats.MalformedEvents:N0} malformed, all as EslProtocolException)"));
        Console.WriteLine($"  reference outcomes: {stats.Outcomes()}");
        Console.WriteLine("  findings: none");
        return 0;
    }

    private static int Report(FuzzOptions options, byte[] input, ExecPlan plan, FuzzFailure failure, FuzzStats stats)
    {
        Console.WriteLine(Invariant($"FINDING after {stats.Execs:N0} execs: {failure.Message}"));
        var target = new DifferentialTarget(new FuzzStats());
        bool SameFailure(byte[] candidate)
        {
            try
            {
                target.Run(candidate, plan);
                return false;
            }
            catch (FuzzFailure again)
            {
                return again.Kind == failure.Kind;
            }
        }

        byte[]? minimised = SameFailure(input) ? Minimiser.Minimise(input, SameFailure, TimeSpan.FromSeconds(30)) : null;
        string stem = Findings.Save(options.Findings, input, minimised, failure, plan, options.Seed, stats.Execs);
        Console.WriteLine(Invariant($"saved {stem}.bin ({input.Length} bytes){(minimised is null ? " (did not reproduce on its own)" : $", minimised to {minimised.Length} bytes")}, notes in {stem}.txt"));
        return 1;
    }

    private static int Replay(string path)
    {
        byte[] input = File.ReadAllBytes(path);
        var plans = new List<ExecPlan>();
        if (Findings.LoadPlan(path) is { } saved)
        {
            plans.Add(saved);
        }

        plans.Add(new ExecPlan(EslParserLimits.Default, [1]));
        plans.Add(new ExecPlan(EslParserLimits.Default, [input.Length == 0 ? 1 : input.Length]));
        var target = new DifferentialTarget(new FuzzStats());
        foreach (var plan in plans)
        {
            try
            {
                target.Run(input, plan);
                Console.WriteLine($"ok with {plan}");
            }
            catch (FuzzFailure failure)
            {
                Console.WriteLine($"FAILS with {plan}: {failure.Message}");
                Console.WriteLine(failure.InnerException?.ToString());
                return 1;
            }
        }

        return 0;
    }

    // fuzz/findings in the repository when run from it (git-ignored), else under the current directory.
    private static string DefaultFindings() =>
        Path.Combine(RepositoryPaths.FindRoot() ?? Environment.CurrentDirectory, "fuzz", "findings");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
