using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>An owned copy of one frame, from either parser.</summary>
internal sealed record FrameRecord(long Offset, EslContentType ContentType, byte[] RawContentType, byte[] HeaderBlock, byte[] Body, long FrameLengthFromOffset)
{
    /// <summary>Describes the first difference from <paramref name="other"/>, or null when they are the same frame.</summary>
    public string? Difference(FrameRecord other)
    {
        if (Offset != other.Offset)
        {
            return $"offset {Offset} vs {other.Offset}";
        }

        if (ContentType != other.ContentType)
        {
            return $"content type {ContentType} vs {other.ContentType}";
        }

        if (!RawContentType.AsSpan().SequenceEqual(other.RawContentType))
        {
            return "raw content type differs";
        }

        if (!HeaderBlock.AsSpan().SequenceEqual(other.HeaderBlock))
        {
            return $"header block differs ({HeaderBlock.Length} vs {other.HeaderBlock.Length} bytes)";
        }

        return Body.AsSpan().SequenceEqual(other.Body) ? null : $"body differs ({Body.Length} vs {other.Body.Length} bytes)";
    }
}
