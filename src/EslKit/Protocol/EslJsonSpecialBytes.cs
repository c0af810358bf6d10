using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EslKit.Protocol;

/// <summary>
/// Finds, left to right, the bytes that end plain JSON string content — quotes, backslashes and control bytes —
/// 64 bytes at a time: one block's positions become a bit mask, and each next position is a trailing-zero
/// count. FreeSWITCH's events have one such byte every ten bytes or so, where a search per string would pay a
/// call for each.
/// </summary>
internal ref struct EslJsonSpecialBytes
{
    private const int Block = 64;
    private readonly ReadOnlySpan<byte> _json;
    private int _blockStart;
    private ulong _mask;

    public EslJsonSpecialBytes(ReadOnlySpan<byte> json)
    {
        _json = json;
        _blockStart = -Block;
        _mask = 0;
    }

    /// <summary>The first position at or after <paramref name="from"/> holding '"', '\' or a byte below 0x20; -1 when none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int from)
    {
        while (true)
        {
            int offset = from - _blockStart;
            if ((uint)offset < Block)
            {
                ulong rest = _mask >> offset;
                if (rest != 0)
                {
                    return from + BitOperations.TrailingZeroCount(rest);
                }

                from = _blockStart + Block;
            }

            if (from >= _json.Length)
            {
                return -1;
            }

            _blockStart = from;
            _mask = MaskAt(_json, from);
        }
    }

    private static ulong MaskAt(ReadOnlySpan<byte> json, int start)
    {
        if (Vector512.IsHardwareAccelerated && start + Block <= json.Length)
        {
            var bytes = Vector512.Create(json.Slice(start, Block));
            return (Vector512.Equals(bytes, Vector512.Create((byte)'"'))
                | Vector512.Equals(bytes, Vector512.Create((byte)'\\'))
                | Vector512.LessThan(bytes, Vector512.Create((byte)0x20))).ExtractMostSignificantBits();
        }

        if (Vector128.IsHardwareAccelerated && start + Block <= json.Length)
        {
            var block = json.Slice(start, Block);
            return Mask16(Vector128.Create(block[..16]))
                | (Mask16(Vector128.Create(block.Slice(16, 16))) << 16)
                | (Mask16(Vector128.Create(block.Slice(32, 16))) << 32)
                | (Mask16(Vector128.Create(block.Slice(48, 16))) << 48);
        }

        ulong mask = 0;
        int end = Math.Min(json.Length, start + Block);
        for (int i = start; i < end; i++)
        {
            byte b = json[i];
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20)
            {
                mask |= 1UL << (i - start);
            }
        }

        return mask;
    }

    private static ulong Mask16(Vector128<byte> bytes) =>
        (Vector128.Equals(bytes, Vector128.Create((byte)'"'))
            | Vector128.Equals(bytes, Vector128.Create((byte)'\\'))
            | Vector128.LessThan(bytes, Vector128.Create((byte)0x20))).ExtractMostSignificantBits();
}
