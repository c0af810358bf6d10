using System.Text;
using EslKit.Protocol;

namespace EslKit.Tests.Support;

/// <summary>An owned copy of what the parser returned for one frame, comparable by value.</summary>
public sealed record ParsedFrame(EslContentType ContentType, string RawContentType, string HeaderBlock, string Body, long Offset)
{
    // Latin-1 keeps every byte as one char, so comparisons are byte-exact.
    public static ParsedFrame From(in EslFrame frame) => new(
        frame.ContentType,
        Encoding.Latin1.GetString(frame.RawContentType),
        Encoding.Latin1.GetString(frame.HeaderBlock),
        Encoding.Latin1.GetString(frame.Body),
        frame.Offset);

    public byte[] BodyBytes => Encoding.Latin1.GetBytes(Body);

    public string BodyUtf8 => Encoding.UTF8.GetString(BodyBytes);
}
