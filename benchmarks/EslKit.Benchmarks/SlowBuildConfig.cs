using BenchmarkDotNet.Configs;

namespace EslKit.Benchmarks;

/// <summary>
/// Out-of-process runs whose boilerplate build may take longer than BenchmarkDotNet's 2 minutes on a loaded 2-core
/// machine (the speech benchmarks are too slow per operation for the in-process toolchain).
/// </summary>
public sealed class SlowBuildConfig : ManualConfig
{
    public SlowBuildConfig() => WithBuildTimeout(TimeSpan.FromMinutes(10));
}
