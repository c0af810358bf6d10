using System.Buffers;
using System.Text;
using EslKit.Commands;

namespace EslKit.Tests.Commands;

/// <summary>Writes commands the way the connection engine will, for byte comparisons.</summary>
internal static class Wire
{
    public static byte[] Bytes<T>(T command)
        where T : IEslCommand
    {
        var writer = new ArrayBufferWriter<byte>();
        command.WriteTo(writer);
        return writer.WrittenSpan.ToArray();
    }

    public static string Text<T>(T command)
        where T : IEslCommand => Encoding.UTF8.GetString(Bytes(command));

    public static string Argument(EslOriginate originate)
    {
        var writer = new ArrayBufferWriter<byte>();
        originate.WriteArgumentTo(writer);
        return Encoding.UTF8.GetString(writer.WrittenSpan);
    }

    /// <summary>The exception a refused value raises, checked to never contain the value.</summary>
    public static EslValueRejectedException Refused(Action create, string? secret = null)
    {
        var ex = Assert.Throws<EslValueRejectedException>(create);
        if (!string.IsNullOrEmpty(secret))
        {
            Assert.DoesNotContain(secret, ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        }

        return ex;
    }
}
