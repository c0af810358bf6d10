using System.Threading.Channels;
using EslKit.AudioStream;

namespace EslKit.Controller.Speech.ESpeak;

/// <summary>One text waiting for, or in, synthesis: its UTF-8 text, the channel its 16 kHz chunks go to, its resampler.</summary>
internal sealed class ESpeakRequest
{
    private volatile bool _abandoned;

    public ESpeakRequest(byte[] text, CancellationToken cancellationToken)
    {
        Text = text;
        Cancellation = cancellationToken;
    }

    /// <summary>NUL-terminated UTF-8.</summary>
    public byte[] Text { get; }

    /// <summary>Where the chunks go; completed when synthesis ends (with the error or cancellation, if any).</summary>
    public Channel<ReadOnlyMemory<short>> Output { get; } =
        Channel.CreateUnbounded<ReadOnlyMemory<short>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Set by the synthesis thread before it starts (the library's rate is known only then).</summary>
    public PcmResampler? Resampler { get; set; }

    /// <summary>An exception the callback caught (it must never let one reach native code).</summary>
    public Exception? CallbackError { get; set; }

    /// <summary>The requester's token (a barge-in cancels it).</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>True once the synthesis should stop: the token is cancelled or the consumer went away.</summary>
    public bool IsStopped => _abandoned || Cancellation.IsCancellationRequested;

    /// <summary>Marks the request abandoned by its consumer: the synthesis stops at its next chunk.</summary>
    public void Abandon() => _abandoned = true;
}
