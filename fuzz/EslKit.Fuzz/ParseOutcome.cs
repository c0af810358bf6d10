namespace EslKit.Fuzz;

/// <summary>Everything a parse of one input produced: the frames, then the error it ended with (if any).</summary>
internal sealed record ParseOutcome(IReadOnlyList<FrameRecord> Frames, ErrorRecord? Error)
{
    /// <summary>Describes the first difference from <paramref name="other"/>, or null when they agree.</summary>
    public string? Difference(ParseOutcome other)
    {
        for (int i = 0; i < Math.Min(Frames.Count, other.Frames.Count); i++)
        {
            if (Frames[i].Difference(other.Frames[i]) is { } difference)
            {
                return $"frame {i}: {difference}";
            }
        }

        if (Frames.Count != other.Frames.Count)
        {
            return $"{Frames.Count} frames vs {other.Frames.Count}";
        }

        return Error == other.Error ? null : $"error {Error?.ToString() ?? "none"} vs {other.Error?.ToString() ?? "none"}";
    }
}
