namespace EslKit;

/// <summary>What was wrong with bytes received from FreeSWITCH.</summary>
public enum EslProtocolError
{
    /// <summary>
    /// A header block (or the blank lines before a frame) grew past <see cref="EslParserLimits.MaxHeaderBlockBytes"/>.
    /// </summary>
    HeaderBlockTooLarge = 1,

    /// <summary><c>Content-Length</c> announced more than <see cref="EslParserLimits.MaxBodyBytes"/>.</summary>
    BodyTooLarge,

    /// <summary><c>Content-Length</c> was empty, negative or not a decimal number (a huge number is <see cref="BodyTooLarge"/>).</summary>
    InvalidContentLength,

    /// <summary>A header block carried <c>Content-Length</c> more than once.</summary>
    DuplicateContentLength,

    /// <summary>A header line had no <c>:</c>, an empty name, or a NUL byte.</summary>
    MalformedHeaderLine,

    /// <summary>The connection ended in the middle of a frame.</summary>
    TruncatedFrame,

    /// <summary>An event body (plain, json or xml) could not be read.</summary>
    MalformedEvent,
}
