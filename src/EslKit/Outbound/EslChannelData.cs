using EslKit.Protocol;

namespace EslKit;

/// <summary>
/// The channel FreeSWITCH connected an outbound session for: the headers of its reply to <c>connect</c>
/// (caller profile, channel state and every channel variable as <c>variable_*</c>), decoded.
/// </summary>
public sealed class EslChannelData
{
    private readonly EslMessage _message;

    internal EslChannelData(EslMessage message)
    {
        _message = message;
        UniqueId = Guid.TryParseExact(message["Unique-ID"] ?? message["Channel-Unique-ID"], "D", out var id) ? id : Guid.Empty;
        SocketMode = message["Socket-Mode"] ?? "static";
        Control = message["Control"] ?? "single-channel";
    }

    /// <summary>The channel's UUID.</summary>
    public Guid UniqueId { get; }

    internal static EslChannelData From(EslMessage message) => new(message);

    /// <summary><c>async</c> or <c>static</c> (the socket application's <c>async</c> flag).</summary>
    public string SocketMode { get; }

    /// <summary><c>full</c> or <c>single-channel</c> (the socket application's <c>full</c> flag).</summary>
    public string Control { get; }

    /// <summary>True when the socket was opened with <c>async</c>.</summary>
    public bool IsAsync => string.Equals(SocketMode, "async", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the socket was opened with <c>full</c>: api, bgapi, event, linger, log and sendevent work.</summary>
    public bool IsFull => string.Equals(Control, "full", StringComparison.OrdinalIgnoreCase);

    /// <summary>The caller's number (<c>Caller-Caller-ID-Number</c>).</summary>
    public string? CallerIdNumber => _message["Caller-Caller-ID-Number"];

    /// <summary>The caller's name (<c>Caller-Caller-ID-Name</c>).</summary>
    public string? CallerIdName => _message["Caller-Caller-ID-Name"];

    /// <summary>The number dialled (<c>Caller-Destination-Number</c>).</summary>
    public string? DestinationNumber => _message["Caller-Destination-Number"];

    /// <summary>The channel's name, e.g. <c>sofia/external/600@example.com</c>.</summary>
    public string? ChannelName => _message["Channel-Name"];

    /// <summary>Every header of the reply, decoded, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _message.Headers;

    /// <summary>A header by name (ASCII case-insensitive), or null.</summary>
    public string? this[string header] => _message[header];

    /// <summary>A channel variable (header <c>variable_&lt;name&gt;</c>) as it was when the call connected, or null.</summary>
    public string? GetVariable(string name) => _message["variable_" + name];

    /// <summary>The channel's UUID and modes only: channel data can carry secrets (e.g. SIP credentials in variables).</summary>
    public override string ToString() => $"channel {UniqueId} ({SocketMode}, {Control}, {_message.Headers.Count} headers)";
}
