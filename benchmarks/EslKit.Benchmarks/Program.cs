using BenchmarkDotNet.Running;

namespace EslKit.Benchmarks;

/// <summary>Runs the benchmarks chosen on the command line (see benchmarks/RESULTS.md).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
