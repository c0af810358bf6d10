using System.Globalization;
using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>
/// A frame built by a property test: header lines in order (one of which may be Content-Type, one
/// Content-Length when there is a body), an optional body, LF or CRLF line ends. It knows its own bytes and
/// exactly what the parser must return for it.
/// </summary>
public sealed record GeneratedFrame(IReadOnlyList<GeneratedLine> Lines, byte[]? Body, bool Crlf)
{
    private static readonly Dictionary<string, EslContentType> KnownTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["auth/request"] = EslContentType.AuthRequest,
        ["command/reply"] = EslContentType.CommandReply,
        ["api/response"] = EslContentType.ApiResponse,
        ["text/event-plain"] = EslContentType.EventPlain,
        ["text/event-json"] = EslContentType.EventJson,
        ["text/event-xml"] = EslContentType.EventXml,
        ["log/data"] = EslContentType.LogData,
        ["text/disconnect-notice"] = EslContentType.DisconnectNotice,
        ["text/rude-rejection"] = EslContentType.RudeRejection,
    };

    private byte[] LineEnd => Crlf ? "\r\n"u8.ToArray() : "\n"u8.ToArray();

    /// <summary>The header block as the parser returns it: every line with its line end, no blank line.</summary>
    public byte[] HeaderBlock => [.. Lines.SelectMany(line => line.Bytes.Concat(LineEnd))];

    public byte[] Bytes => [.. HeaderBlock, .. LineEnd, .. Body ?? []];

    /// <summary>The value of the first Content-Type line as the parser reads it, or null.</summary>
    public byte[]? RawContentType => Lines.FirstOrDefault(l => l.IsContentType)?.ParsedValue;

    public EslContentType ContentType => RawContentType is null
        ? EslContentType.None
        : KnownTypes.TryGetValue(Encoding.Latin1.GetString(RawContentType), out var type) && Ascii.IsValid(RawContentType) ? type : EslContentType.Unknown;

    /// <summary>What <see cref="FrameFeeder"/> must report for this frame at <paramref name="offset"/>.</summary>
    public ParsedFrame Expected(long offset) => new(
        ContentType,
        Encoding.Latin1.GetString(RawContentType ?? []),
        Encoding.Latin1.GetString(HeaderBlock),
        Encoding.Latin1.GetString(Body ?? []),
        offset);

    public override string ToString() =>
        $"{(Crlf ? "CRLF " : string.Empty)}{Encoding.Latin1.GetString(HeaderBlock).Replace("\n", "\\n", StringComparison.Ordinal)} body={Body?.Length.ToString(CultureInfo.InvariantCulture) ?? "none"}";
}

/// <summary>One header line: name, the separator after it (": " unless varied), and the value bytes.</summary>
public sealed record GeneratedLine(byte[] Name, byte[] Separator, byte[] Value)
{
    public static GeneratedLine Of(byte[] name, byte[] value) => new(name, ": "u8.ToArray(), value);

    public byte[] Bytes => [.. Name, .. Separator, .. Value];

    /// <summary>FreeSWITCH's strcasecmp: ASCII letters in either case, every other byte exactly.</summary>
    public static bool NamesEqual(byte[] a, byte[] b) =>
        a.Length == b.Length && a.Zip(b).All(p => p.First == p.Second || (char.IsAsciiLetter((char)p.First) && char.ToLowerInvariant((char)p.First) == char.ToLowerInvariant((char)p.Second)));

    public bool IsContentType => Ascii.EqualsIgnoreCase(Name, "Content-Type"u8);

    public bool IsContentLength => Ascii.EqualsIgnoreCase(Name, "Content-Length"u8);

    /// <summary>The value as the parser reads it: after the ':' and any spaces or tabs (line ends are not part of it).</summary>
    public byte[] ParsedValue => [.. Separator.Skip(1).Concat(Value).SkipWhile(b => b is (byte)' ' or (byte)'\t')];

    public override string ToString() => Encoding.Latin1.GetString(Bytes);
}
