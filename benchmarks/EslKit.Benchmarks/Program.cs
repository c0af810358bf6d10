using BenchmarkDotNet.Running;

namespace EslKit.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (see benchmarks/RESULTS.md); <c>load</c> runs the
/// outbound load test; <c>emulate</c> is the emulator process the outbound runs start; <c>audio-load</c> runs the
/// audio stream load test and <c>audio-feed</c> is its feeder process; <c>vad-compare</c> compares the energy and
/// Silero voice-activity detectors on the same recorded calls; <c>voice-load</c> runs the voice pipeline's latency run;
/// <c>controller-load</c> runs controller instances (one by default, <c>--instances N</c>) on one database against two
/// emulated nodes (<c>--outcome refused</c>: every originate refused at once, the dispatcher alone).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "load":
                return await OutboundLoadRun.RunAsync(args);
            case "emulate":
                return await EmulatorProcess.RunAsync(args);
            case "audio-load":
                return await AudioStreamLoadRun.RunAsync(args);
            case "audio-feed":
                return await AudioStreamFeedProcess.RunAsync(args);
            case "vad-compare":
                return await VadComparisonRun.RunAsync(args);
            case "voice-load":
                return await VoiceLoadRun.RunAsync(args);
            case "controller-load":
                return await ControllerLoadRun.RunAsync(args);
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
