using System.Globalization;

namespace EslKit.Testing.Internal;

/// <summary>
/// The ids sofia-sip makes up for one call's dialog and media: Call-ID, From/To tags, Via branches, CSeq, RTP SSRC, the
/// SDP session id and the RTP port. Random, as in FreeSWITCH; both ends of a call on the lab switch share the Call-ID
/// and tags.
/// </summary>
internal sealed class FsSipDialog
{
    private const string TagAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public string CallId { get; init; } = CallIdText();

    public string FromTag { get; init; } = Token(13);

    public string ToTag { get; init; } = Token(13);

    public string InviteBranch { get; init; } = "z9hG4bK" + Token(13);

    public string CSeq { get; init; } = Random.Shared.Next(100_000_000, 200_000_000).ToString(CultureInfo.InvariantCulture);

    public string Ssrc { get; } = ((uint)Random.Shared.NextInt64(1, uint.MaxValue)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The SDP o= session id (its version is one more); FreeSWITCH derives it from the clock.</summary>
    public long SdpSession { get; } = 1_796_480_000 + Random.Shared.Next(0, 9_999);

    /// <summary>This leg's RTP port (even, in FreeSWITCH's default 16384–32768 range).</summary>
    public int MediaPort { get; } = 16384 + (2 * Random.Shared.Next(0, 8000));

    /// <summary>A fresh Via branch (each new request of the dialog).</summary>
    public static string Branch() => "z9hG4bK" + Token(13);

    /// <summary>The far end of the same dialog: the same Call-ID and tags, its own media.</summary>
    public FsSipDialog Peer() => new() { CallId = CallId, FromTag = FromTag, ToTag = ToTag, InviteBranch = InviteBranch, CSeq = CSeq };

    // sofia-sip's Call-IDs look like UUIDs (random, time-based tail).
    private static string CallIdText() => Guid.NewGuid().ToString("D");

    private static string Token(int length) => string.Create(length, 0, static (span, _) =>
    {
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = TagAlphabet[Random.Shared.Next(TagAlphabet.Length)];
        }
    });
}
