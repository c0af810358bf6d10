using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>The error a parse ended with: what and where.</summary>
internal sealed record ErrorRecord(EslProtocolError Error, long Offset)
{
    public override string ToString() => $"{Error} at {Offset}";
}
