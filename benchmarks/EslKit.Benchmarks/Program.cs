using BenchmarkDotNet.Running;

namespace EslKit.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (see benchmarks/RESULTS.md); <c>load</c> runs the
/// outbound load test; <c>emulate</c> is the emulator process the outbound runs start.
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
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                return 0;
        }
    }
}
