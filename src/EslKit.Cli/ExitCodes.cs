namespace EslKit.Cli;

/// <summary>Process exit codes of <c>eslkit</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int Refused = 2;
    public const int MalformedInput = 3;
    public const int ConnectionFailed = 4;
    public const int CommandFailed = 5;
    public const int Cancelled = 130;
}
