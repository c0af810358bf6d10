using System.Text;
using EslKit.Diagnostics;

namespace EslKit.Testing;

/// <summary>One command packet the emulator received, as FreeSWITCH's <c>read_packet</c> split it.</summary>
public sealed class EslReceivedCommand
{
    internal EslReceivedCommand(EslEmulatorConnection? connection, int index, string command, IReadOnlyList<KeyValuePair<string, string>> headers, byte[]? body, DateTimeOffset receivedAt)
    {
        Connection = connection;
        Index = index;
        Command = command;
        Headers = headers;
        Body = body ?? [];
        HasBody = body is not null;
        ReceivedAt = receivedAt;
    }

    /// <summary>The connection it arrived on; null for a message the switch queued itself (e.g. <c>uuid_broadcast</c>'s playback).</summary>
    public EslEmulatorConnection? Connection { get; }

    /// <summary>Its position among the connection's commands (0 for the first; -1 for a message the switch queued itself).</summary>
    public int Index { get; }

    /// <summary>The command line (e.g. <c>api status</c>, <c>event plain ALL</c>), without its line end.</summary>
    public string Command { get; }

    /// <summary>The header lines that followed, in order, values as sent (not URL-decoded).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The body read for its Content-Length (empty when none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>True when a Content-Length body was read.</summary>
    public bool HasBody { get; }

    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>When the packet was complete (system clock).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The first header of that name (ASCII case-insensitive), or null.</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var (key, value) in Headers)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            return null;
        }
    }

    /// <summary>A <c>sendmsg</c> the switch builds itself (FreeSWITCH queues a private event), with no connection.</summary>
    internal static EslReceivedCommand Message(IReadOnlyList<KeyValuePair<string, string>> headers, DateTimeOffset at) => new(null, -1, "sendmsg", headers, null, at);

    /// <summary>True when the command line starts with <paramref name="prefix"/> (ASCII case-insensitive, as FreeSWITCH matches commands).</summary>
    public bool StartsWith(string prefix) => Command.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The command line and header count, with secrets masked by EslKit's redaction: the password of
    /// <c>auth</c>/<c>userauth</c>, <c>sip_auth_password</c> and every variable in
    /// <see cref="EslEmulatorOptions.SecretVariables"/> (in originate blocks, <c>name=value</c> words and <c>uuid_setvar</c>).
    /// </summary>
    public override string ToString()
    {
        string line = EslRedaction.RedactCommandLine(Command, Connection?.SecretVariables ?? []);
        return Headers.Count == 0 ? line : $"{line} (+{Headers.Count} headers{(HasBody ? ", body" : string.Empty)})";
    }
}
