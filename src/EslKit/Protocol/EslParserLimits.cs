namespace EslKit.Protocol;

/// <summary>
/// Caps enforced by the frame scanner before it waits for more data. FreeSWITCH itself caps a body at
/// 16 MiB and a header block at 10 MiB; our defaults are 16 MiB and 1 MiB (the largest real header
/// block, an outbound channel-data reply, is a few KiB).
/// </summary>
public sealed record EslParserLimits
{
    /// <summary>A new instance with the default limits: 1 MiB header block, 16 MiB body.</summary>
    public static EslParserLimits Default => new();

    /// <summary>
    /// Largest header block accepted, in bytes (excluding the blank line that ends it); also the most blank-line
    /// padding accepted before a frame.
    /// </summary>
    public int MaxHeaderBlockBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest <c>Content-Length</c> accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Throws when a limit is out of range.</summary>
    /// <exception cref="EslInvalidSettingException">Names the limit and what it must be.</exception>
    public void Validate()
    {
        SettingCheck.AtLeast(MaxHeaderBlockBytes, 1, nameof(MaxHeaderBlockBytes));
        SettingCheck.AtLeast(MaxBodyBytes, 0, nameof(MaxBodyBytes));
    }
}
