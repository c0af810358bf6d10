using System.Diagnostics;
using System.Threading.Channels;
using EslKit.Diagnostics;
using Microsoft.Extensions.Logging;

namespace EslKit;

/// <summary>
/// A stream of items (events or log lines) for one consumer, in the order FreeSWITCH sent them, over a
/// bounded buffer so that a slow consumer never stalls the connection (see <see cref="EslBufferFullMode"/>).
/// Dispose it to stop receiving.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class EslSubscription<T> : IAsyncDisposable
{
    private static readonly long DropLogInterval = Stopwatch.Frequency; // at most one drop summary a second
    private readonly Channel<T> _buffer;
    private readonly EslSubscriptionOptions _options;
    private readonly ILogger _logger;
    private readonly Action<EslSubscription<T>>? _unregister;
    private long _dropped;
    private int _completed;
    private long _lastDropLog;
    private int _disposed;

    internal EslSubscription(string description, EslSubscriptionOptions options, ILogger logger, Action<EslSubscription<T>>? unregister)
    {
        options.Validate();
        Description = description;
        _options = options;
        _logger = logger;
        _unregister = unregister;
        var channelOptions = new BoundedChannelOptions(options.Capacity)
        {
            SingleWriter = true,
            FullMode = options.FullMode switch
            {
                EslBufferFullMode.DropOldest => BoundedChannelFullMode.DropOldest,
                EslBufferFullMode.DropNewest => BoundedChannelFullMode.DropWrite,
                _ => BoundedChannelFullMode.Wait,
            },
        };
        _buffer = Channel.CreateBounded<T>(channelOptions, _ => OnDropped());
    }

    /// <summary>What this subscription receives, for logs.</summary>
    public string Description { get; }

    /// <summary>Items dropped so far because the buffer was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The buffer, for consumers that read with <see cref="ChannelReader{T}"/>.</summary>
    public ChannelReader<T> Reader => _buffer.Reader;

    /// <summary>Reads items as they arrive until the subscription ends or is disposed.</summary>
    /// <exception cref="EslSubscriptionOverflowException">With <see cref="EslBufferFullMode.Fail"/>, after the buffered items, when the consumer fell behind.</exception>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => _buffer.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Reads until the end, then disposes the subscription (for one-shot enumerations).</summary>
    internal async IAsyncEnumerable<T> ReadAllThenDisposeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using (this.ConfigureAwait(false))
        {
            await foreach (var item in ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Description} (buffered {_buffer.Reader.Count}, dropped {DroppedCount})";

    /// <summary>Stops receiving; items already buffered can still be read.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unregister?.Invoke(this);
            Complete(null);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Offers an item from the read loop; never waits.</summary>
    internal void Deliver(T item)
    {
        if (Volatile.Read(ref _completed) != 0 || _buffer.Writer.TryWrite(item) || _options.FullMode != EslBufferFullMode.Fail)
        {
            return;
        }

        OnDropped();
        Complete(new EslSubscriptionOverflowException(Description, _options.Capacity));
    }

    /// <summary>Ends the stream (the consumer sees <paramref name="error"/> after the buffered items, if any).</summary>
    internal void Complete(Exception? error)
    {
        Volatile.Write(ref _completed, 1);
        _buffer.Writer.TryComplete(error);
    }

    private void OnDropped()
    {
        long count = Interlocked.Increment(ref _dropped);
        if (EslDiagnostics.EventsDropped.Enabled)
        {
            EslDiagnostics.EventsDropped.Add(1);
        }

        long now = Stopwatch.GetTimestamp();
        long last = Interlocked.Read(ref _lastDropLog);
        if ((count == 1 || now - last >= DropLogInterval) && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
        {
            EslLog.EventsDropped(_logger, count, Description, _options.FullMode.ToString());
        }
    }
}
