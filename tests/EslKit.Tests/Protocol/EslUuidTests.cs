using System.Text;
using EslKit.Protocol;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Tests.Protocol;

/// <summary>The UUID parser used for dispatch by channel, against <see cref="Guid.Parse(string)"/>.</summary>
public sealed class EslUuidTests
{
    [Fact]
    public void Random_uuids_parse_like_guid_parse_in_either_case()
    {
        var guids = Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(16).Select(b => new Guid(b));
        Prop.ForAll(guids.ToArbitrary(), guid =>
        {
            foreach (string text in new[] { guid.ToString("D"), guid.ToString("D").ToUpperInvariant(), MixCase(guid.ToString("D")) })
            {
                Assert.True(EslUuid.TryParse(Encoding.ASCII.GetBytes(text), out var parsed), text);
                Assert.Equal(Guid.Parse(text), parsed);
                Assert.Equal(guid, parsed);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("0346bc88-7af5-4981-a1d4-eb94b89fa0b0")]
    [InlineData("D3C4F1E2-1111-4222-8333-944455556666")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("ffffffff-ffff-ffff-ffff-ffffffffffff")]
    public void Canonical_forms_parse(string text)
    {
        Assert.True(EslUuid.TryParse(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(Guid.Parse(text), parsed);
    }

    [Theory]
    [InlineData("{0346bc88-7af5-4981-a1d4-eb94b89fa0b0}")] // braces ("B")
    [InlineData("(0346bc88-7af5-4981-a1d4-eb94b89fa0b0)")] // parentheses ("P")
    [InlineData("0346bc887af54981a1d4eb94b89fa0b0")] // no dashes ("N")
    [InlineData("0346bc88-7af5-4981-a1d4-eb94b89fa0bg")] // 'g'
    [InlineData("0346bc88-7af5-4981-a1d4-eb94b89fa0b")] // 35 characters
    [InlineData("0346bc88-7af5-4981-a1d4-eb94b89fa0b00")] // 37 characters
    [InlineData("0346bc88_7af5-4981-a1d4-eb94b89fa0b0")] // wrong separator
    [InlineData("0346bc8-87af5-4981-a1d4-eb94b89fa0b0")] // dash one place early
    [InlineData(" 346bc88-7af5-4981-a1d4-eb94b89fa0b0")] // space
    [InlineData("+346bc88-7af5-4981-a1d4-eb94b89fa0b0")] // sign
    [InlineData("0x46bc88-7af5-4981-a1d4-eb94b89fa0b0")]
    [InlineData("")]
    [InlineData("not a uuid")]
    public void Other_forms_are_rejected(string text)
    {
        Assert.False(EslUuid.TryParse(Encoding.ASCII.GetBytes(text), out var parsed));
        Assert.Equal(Guid.Empty, parsed);
    }

    [Fact]
    public void Non_ascii_bytes_in_any_digit_position_are_rejected()
    {
        byte[] valid = "0346bc88-7af5-4981-a1d4-eb94b89fa0b0"u8.ToArray();
        foreach (byte bad in new byte[] { 0x00, (byte)'/', (byte)':', (byte)'@', (byte)'G', (byte)'`', (byte)'g', 0x80, 0xC3, 0xFF })
        {
            for (int i = 0; i < valid.Length; i++)
            {
                if (valid[i] == (byte)'-')
                {
                    continue;
                }

                byte[] text = (byte[])valid.Clone();
                text[i] = bad;
                Assert.False(EslUuid.TryParse(text, out _), $"byte 0x{bad:X2} at {i}");
            }
        }
    }

    private static string MixCase(string text) =>
        string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));
}
