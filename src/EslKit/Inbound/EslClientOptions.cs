using EslKit.Connections;
using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// Where and how an <see cref="EslClient"/> connects. <see cref="ToString"/> never shows the password.
/// </summary>
public sealed class EslClientOptions
{
    /// <summary>FreeSWITCH's host name or address (default 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The event socket port (default 8021).</summary>
    public int Port { get; set; } = 8021;

    /// <summary>The event socket password (<c>auth</c>), or the user's password with <see cref="User"/>.</summary>
    public string Password { get; set; } = "ClueCon";

    /// <summary>
    /// For <c>userauth</c>: <c>user@domain</c> of a directory user with an <c>esl-password</c>; null to use
    /// the plain event socket password.
    /// </summary>
    public string? User { get; set; }

    /// <summary>Time allowed for the TCP connection (default 5 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for FreeSWITCH to ask for and accept the password (default 5 s).</summary>
    public TimeSpan AuthTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for the reply to a command (default 30 s; <c>api</c> blocks FreeSWITCH's side of the connection while it runs).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a bgapi job to deliver its BACKGROUND_JOB (default 5 min).</summary>
    public TimeSpan BackgroundJobTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Reconnect with backoff after losing FreeSWITCH, re-authenticating and re-applying events, filters and logs.</summary>
    public EslReconnectOptions Reconnect { get; set; } = new();

    /// <summary>
    /// Reconnect when no HEARTBEAT event arrived for this long (FreeSWITCH sends one every 20 s by default);
    /// null disables the check. Default 60 s.
    /// </summary>
    public TimeSpan? HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The event format to ask FreeSWITCH for (default plain).</summary>
    public EslEventFormat EventFormat { get; set; } = EslEventFormat.Plain;

    /// <summary>Buffering of each event or log subscription unless it says otherwise.</summary>
    public EslSubscriptionOptions Subscription { get; set; } = new();

    /// <summary>Most commands that may wait to be written before callers are made to wait (default 65,536).</summary>
    public int MaxQueuedCommands { get; set; } = 65_536;

    /// <summary>Time allowed to finish in-flight work when closing (default 5 s).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Caps on received frames.</summary>
    public EslParserLimits Limits { get; set; } = new();

    /// <summary>Host and port, for messages.</summary>
    public string Endpoint => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("A FreeSWITCH host is required.", nameof(Host));
        }

        if (Port is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "The port must be 1-65535.");
        }

        ArgumentNullException.ThrowIfNull(Password);
        if (User is not null && !User.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException("userauth needs User as user@domain.", nameof(User));
        }

        Deadline.Validate(ConnectTimeout, nameof(ConnectTimeout));
        Deadline.Validate(AuthTimeout, nameof(AuthTimeout));
        Deadline.Validate(CommandTimeout, nameof(CommandTimeout));
        Deadline.Validate(BackgroundJobTimeout, nameof(BackgroundJobTimeout));
        Deadline.Validate(ShutdownTimeout, nameof(ShutdownTimeout));

        if (HeartbeatTimeout is { } heartbeat && heartbeat <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatTimeout), heartbeat, "Use null to disable the heartbeat check.");
        }

        if (MaxQueuedCommands < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedCommands), MaxQueuedCommands, "At least one command must fit.");
        }

        ArgumentNullException.ThrowIfNull(Reconnect);
        Reconnect.Validate();
        Subscription.Validate();
        Limits.Validate();
    }

    /// <inheritdoc />
    public override string ToString() => $"{(User is null ? string.Empty : User + " at ")}{Endpoint} (password hidden)";
}
