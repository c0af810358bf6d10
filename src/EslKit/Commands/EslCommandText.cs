using EslKit.Protocol;

namespace EslKit.Commands;

/// <summary>Wire words shared by several commands.</summary>
internal static class EslCommandText
{
    public static ReadOnlySpan<byte> Format(EslEventFormat format) => format switch
    {
        EslEventFormat.Plain => "plain"u8,
        EslEventFormat.Json => "json"u8,
        EslEventFormat.Xml => "xml"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
