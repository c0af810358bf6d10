namespace EslKit.Tests.Support;

/// <summary>Tests that read process-wide state (the EslKit meter, activity listeners) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTestGroup
{
    public const string Name = "Serial: process-wide diagnostics";
}
