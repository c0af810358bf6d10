namespace EslKit;

/// <summary>
/// Drives one call handed to an <see cref="EslOutboundServer"/>. The session ends when this returns (or
/// throws: the failure is logged and affects no other session). Put cleanup in a finally block: it
/// runs exactly once, even if FreeSWITCH vanishes mid-call.
/// </summary>
public interface IEslOutboundHandler
{
    /// <summary>Handles the call.</summary>
    /// <param name="session">The connected session (channel data, commands, events).</param>
    /// <param name="cancellationToken">Cancelled when the connection ends or the server is stopping for good.</param>
    Task HandleAsync(EslOutboundSession session, CancellationToken cancellationToken);
}
