namespace EslKit;

/// <summary>The channel hung up before (or while) the session's request could take effect.</summary>
public sealed class EslChannelHungUpException : EslException
{
    /// <summary>Creates the exception.</summary>
    public EslChannelHungUpException(Guid uniqueId, string what)
        : base($"Channel {uniqueId} has hung up: {what}")
    {
        UniqueId = uniqueId;
    }

    /// <summary>The channel.</summary>
    public Guid UniqueId { get; }
}
