namespace EslKit.Commands;

/// <summary>How an originate with several legs tries them.</summary>
public enum EslLegMode
{
    /// <summary>One after another until one answers (failover): legs are separated by <c>|</c>.</summary>
    Sequential = 0,

    /// <summary>All at once, the first to answer wins: legs are separated by <c>,</c>.</summary>
    Simultaneous,
}
