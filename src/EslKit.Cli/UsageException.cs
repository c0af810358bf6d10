namespace EslKit.Cli;

/// <summary>The command line was not understood.</summary>
internal sealed class UsageException(string message) : Exception(message);
