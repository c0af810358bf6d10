using System.Globalization;
using EslKit.Controller.Audio;
using EslKit.Controller.Audio.Silero;
using EslKit.Shared;

namespace EslKit.Benchmarks;

/// <summary>
/// <c>vad-compare</c>: runs the energy and the Silero detector over the same recorded calls
/// (<see cref="VadComparisonCorpus"/>) in 20 ms frames and prints, per detector and minimum speech duration, the
/// missed onsets, the onset decision latency, the false barge-ins (utterances started on non-speech and on
/// backchannels). CPU and allocations per frame are <see cref="VadComparisonBenchmarks"/> (a wall clock here would
/// measure the machine's load, not the detector).
/// </summary>
internal static class VadComparisonRun
{
    private const int Rate = 16_000;
    private const int FrameLength = 320;

    /// <summary>Runs the comparison; <c>--misses</c> also lists each missed onset with the starts decided instead.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        bool listMisses = args.Contains("--misses");
        IReadOnlyList<VadCorpusItem> corpus = await VadComparisonCorpus.BuildAsync();
        using var model = new SileroVadModel(Path.Combine(RepositoryPaths.Root(), ".models", SileroVadModel.FileName));
        double audioSeconds = corpus.Sum(item => item.Audio.Length) / (double)Rate;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Corpus: {corpus.Count} items, {audioSeconds:F0} s of audio: {Count(corpus, VadCorpusKind.Speech)} utterances, " +
            $"{Count(corpus, VadCorpusKind.Backchannel)} backchannels, {Count(corpus, VadCorpusKind.NonSpeech)} non-speech ({Describe(corpus)})."));
        Console.WriteLine();
        Console.WriteLine("| detector | minimum speech | missed onsets: real call + line noise −55 dBFS | missed onsets: line noise −40 dBFS | onset decided after speech starts, p50 / max | extra utterances in speech items | false barge-ins: coughs / clicks / echo / noise | barge-ins on backchannels |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (int minimum in new[] { 200, 400 })
        {
            var span = TimeSpan.FromMilliseconds(minimum);
            Report("energy", minimum, corpus, listMisses, () => new EnergyVoiceActivityDetector(new EnergyVoiceActivityDetectorOptions { MinimumSpeechDuration = span }));
            Report("Silero v5", minimum, corpus, listMisses, () => new SileroVoiceActivityDetector(model, new SileroVoiceActivityDetectorOptions { MinimumSpeechDuration = span }));
        }

        return 0;
    }

    private static void Report(string name, int minimum, IReadOnlyList<VadCorpusItem> corpus, bool listMisses, Func<IVoiceActivityDetector> create)
    {
        int missedQuiet = 0, missedNoisy = 0, extra = 0, backchannels = 0;
        var latencies = new List<double>();
        var falseStarts = new Dictionary<string, int> { ["cough"] = 0, ["clicks"] = 0, ["echo"] = 0, ["noise"] = 0 };
        foreach (VadCorpusItem item in corpus)
        {
            IVoiceActivityDetector detector = create();
            var starts = new List<(double Decided, double Start)>();
            for (int at = 0; at + FrameLength <= item.Audio.Length; at += FrameLength)
            {
                VoiceActivity activity = detector.Process(item.Audio.AsSpan(at, FrameLength));
                if (activity.Event == VoiceActivityEvent.SpeechStarted)
                {
                    starts.Add((activity.FrameEnd.TotalSeconds, activity.UtteranceStart.TotalSeconds));
                }
            }

            (detector as IDisposable)?.Dispose();
            switch (item.Kind)
            {
                case VadCorpusKind.Speech:
                    int hit = starts.FindIndex(start => start.Decided >= item.SpeechStart && start.Start <= item.SpeechEnd);
                    if (hit < 0)
                    {
                        if (item.Name.Contains("-40", StringComparison.Ordinal))
                        {
                            missedNoisy++;
                        }
                        else
                        {
                            missedQuiet++;
                        }

                        if (listMisses)
                        {
                            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {minimum}: missed {item.Name} at {item.SpeechStart:F2}: starts {string.Join(' ', starts)}"));
                        }
                    }
                    else
                    {
                        latencies.Add((starts[hit].Decided - item.SpeechStart) * 1000);
                    }

                    extra += Math.Max(0, starts.Count - 1);
                    break;
                case VadCorpusKind.Backchannel:
                    backchannels += starts.Count;
                    break;
                default:
                    falseStarts[item.Name.Split(' ', ',')[0]] += starts.Count;
                    break;
            }
        }

        latencies.Sort();
        int quiet = corpus.Count(item => item.Kind == VadCorpusKind.Speech && !item.Name.Contains("-40", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {minimum} ms | {missedQuiet} / {quiet} | {missedNoisy} / {Count(corpus, VadCorpusKind.Speech) - quiet} | " +
            $"{(latencies.Count == 0 ? "-" : $"{latencies[latencies.Count / 2]:F0} / {latencies[^1]:F0} ms")} | {extra} | " +
            $"{falseStarts["cough"]} / {falseStarts["clicks"]} / {falseStarts["echo"]} / {falseStarts["noise"]} | " +
            $"{backchannels} / {Count(corpus, VadCorpusKind.Backchannel)} |"));
    }

    private static int Count(IReadOnlyList<VadCorpusItem> corpus, VadCorpusKind kind) => corpus.Count(item => item.Kind == kind);

    private static string Describe(IReadOnlyList<VadCorpusItem> corpus) => string.Join(", ", corpus
        .Where(item => item.Kind == VadCorpusKind.NonSpeech)
        .GroupBy(item => item.Name.Split(' ', ',')[0])
        .Select(group => $"{group.Count()} {group.Key}"));
}
