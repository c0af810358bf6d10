namespace EslKit.Controller.WebConsole.Feeds;

/// <summary>The last event of a feed whose session ended (sent as JSON in an <c>ended</c> event).</summary>
/// <param name="Reason"><see cref="SignedOut"/>, <see cref="Expired"/> or <see cref="Revoked"/>.</param>
internal sealed record FeedEnd(string Reason)
{
    /// <summary>The event's name.</summary>
    public const string EventName = "ended";

    /// <summary>The session was signed out.</summary>
    public const string SignedOut = "signed-out";

    /// <summary>The session's cookie expired.</summary>
    public const string Expired = "expired";

    /// <summary>The key that opened the session no longer does (replaced, tenant deactivated, admin key changed).</summary>
    public const string Revoked = "revoked";
}
