namespace EslKit.Commands;

/// <summary>Which variables an originate writes into which block (chosen by <see cref="EslBlockChoice"/>).</summary>
internal sealed record EslBlockPlacement(
    EslOriginateVariable[] Enterprise,
    EslOriginateVariable[] Global,
    EslOriginateVariable[][] Legs);
