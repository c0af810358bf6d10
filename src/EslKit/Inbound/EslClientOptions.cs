using EslKit.Commands;
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
    /// null or <see cref="Timeout.InfiniteTimeSpan"/> (<c>-00:00:00.001</c>, as configuration writes it) disables
    /// the check. Default 60 s.
    /// </summary>
    public TimeSpan? HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(60);

    // Configuration cannot write null: the infinite span, as every other timeout here takes it, means "off" too.
    internal bool ChecksHeartbeat => HeartbeatTimeout is { } timeout && timeout != Timeout.InfiniteTimeSpan;

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

    /// <summary>Throws when a setting is out of range, naming it and what it must be (never showing the password).</summary>
    /// <exception cref="EslInvalidSettingException">A setting is out of range; <see cref="EslInvalidSettingException.Setting"/> names it (<c>Port</c>, <c>Reconnect:MaxDelay</c> …).</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host) || Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new EslInvalidSettingException(nameof(Host), "must be a host name or IP address");
        }

        SettingCheck.Port(Port, nameof(Port), allowZero: false);
        ValidateCredentials();
        Deadline.Validate(ConnectTimeout, nameof(ConnectTimeout));
        Deadline.Validate(AuthTimeout, nameof(AuthTimeout));
        Deadline.Validate(CommandTimeout, nameof(CommandTimeout));
        Deadline.Validate(BackgroundJobTimeout, nameof(BackgroundJobTimeout));
        Deadline.Validate(ShutdownTimeout, nameof(ShutdownTimeout));
        if (HeartbeatTimeout is { } heartbeat && heartbeat != Timeout.InfiniteTimeSpan && (heartbeat < TimeSpan.FromMilliseconds(1) || heartbeat > SettingCheck.LongestWait))
        {
            throw new EslInvalidSettingException(
                nameof(HeartbeatTimeout),
                $"must be between 00:00:00.001 and {SettingCheck.Show(SettingCheck.LongestWait)} or -00:00:00.001 to turn the check off",
                SettingCheck.Show(heartbeat));
        }

        SettingCheck.Defined(EventFormat, nameof(EventFormat));
        SettingCheck.AtLeast(MaxQueuedCommands, 1, nameof(MaxQueuedCommands));
        SettingCheck.Part(nameof(Reconnect), SettingCheck.Required(Reconnect, nameof(Reconnect)).Validate);
        SettingCheck.Part(nameof(Subscription), SettingCheck.Required(Subscription, nameof(Subscription)).Validate);
        SettingCheck.Part(nameof(Limits), SettingCheck.Required(Limits, nameof(Limits)).Validate);
    }

    // The checks auth/userauth will make when connecting, made now: a password FreeSWITCH cannot receive
    // (a line break, NUL …) is a configuration error, reported without the password.
    private void ValidateCredentials()
    {
        const string UserForm = "must be user@domain (a directory user with an esl-password)";
        if (Password is null)
        {
            throw new EslInvalidSettingException(nameof(Password), "must be set");
        }

        int at = User?.IndexOf('@', StringComparison.Ordinal) ?? -1;
        if (User is not null && at < 0)
        {
            throw new EslInvalidSettingException(nameof(User), UserForm);
        }

        try
        {
            _ = User is null ? (IEslCommand)EslCommands.Auth(Password) : EslCommands.UserAuth(User[..at], User[(at + 1)..], Password);
        }
        catch (EslValueRejectedException ex) when (ex.Field is "user" or "domain")
        {
            throw new EslInvalidSettingException(nameof(User), UserForm, null, ex);
        }
        catch (EslValueRejectedException ex)
        {
            throw new EslInvalidSettingException(
                nameof(Password),
                ex.Reason == EslRejectionReason.Empty ? "must not be empty" : $"cannot be sent: {EslValueRejectedException.Explain(ex.Reason)}",
                null,
                ex);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{(User is null ? string.Empty : User + " at ")}{Endpoint} (password hidden)";
}
