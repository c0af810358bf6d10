using System.Buffers;
using System.Text;

namespace EslKit.Commands;

/// <summary>Runs a command's packet description to write it or to render it for logs.</summary>
internal static class EslPacket
{
    /// <summary>What <c>ToString()</c> of a command struct created with <c>default</c> returns.</summary>
    public const string DefaultText = "(uninitialised command)";

    /// <summary>Refuses to write a command struct created with <c>default</c> instead of <see cref="EslCommands"/>.</summary>
    public static void EnsureCreated(object? requiredField) => EnsureCreated(requiredField is not null);

    /// <inheritdoc cref="EnsureCreated(object?)"/>
    public static void EnsureCreated(bool created)
    {
        if (!created)
        {
            throw new InvalidOperationException("This command was not created by EslCommands (it is a default value) and cannot be written.");
        }
    }

    /// <summary>Writes the packet with one GetSpan/Advance of exactly its size.</summary>
    public static void Write<T>(in T source, IBufferWriter<byte> writer)
        where T : IEslPacketSource
    {
        ArgumentNullException.ThrowIfNull(writer);
        var measure = EslPacketWriter.Measure();
        source.Emit(ref measure);
        var output = EslPacketWriter.Into(writer.GetSpan(measure.Length));
        source.Emit(ref output);
        writer.Advance(output.Length);
    }

    /// <summary>
    /// The redacted rendering: the packet as text with secrets masked and any body summarised, without
    /// the terminating blank line. Safe for logs, exception messages and traces.
    /// </summary>
    public static string Render<T>(in T source)
        where T : IEslPacketSource
    {
        var measure = EslPacketWriter.Measure(redacting: true);
        source.Emit(ref measure);
        byte[]? rented = null;
        Span<byte> buffer = measure.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(measure.Length));
        try
        {
            var output = EslPacketWriter.Into(buffer, redacting: true);
            source.Emit(ref output);
            var text = buffer[..output.Length];
            while (!text.IsEmpty && text[^1] == (byte)'\n')
            {
                text = text[..^1];
            }

            return Encoding.UTF8.GetString(text);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
