using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.AudioStream.Tests.Pcm;

/// <summary>WAV files: round trips, files written by espeak-ng and sox, typed errors for anything else.</summary>
public sealed class WavFileTests
{
    [Fact]
    public void Written_files_read_back_identically()
    {
        var formats = Gen.Elements(WavFormat.Mono16Khz, WavFormat.Mono8Khz, new WavFormat(22_050, 1), new WavFormat(48_000, 2));
        Prop.ForAll(formats.ToArbitrary(), ArbMap.Default.ArbFor<short[]>(), (format, samples) =>
        {
            short[] whole = samples.Length % format.Channels == 0 ? samples : samples[..^1];
            byte[] file = WavFile.Write(format, whole);
            Assert.Equal(WavFile.HeaderSize + (whole.Length * 2), file.Length);
            WavLayout layout = WavFile.ReadLayout(file);
            Assert.Equal(format, layout.Format);
            Assert.Equal(whole.Length / format.Channels, layout.FrameCount);
            Assert.Equal(whole, WavFile.ReadSamples(file, out WavFormat read));
            Assert.Equal(format, read);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public async Task Reads_what_espeak_ng_writes_to_a_pipe()
    {
        // To a pipe espeak-ng cannot seek back, so its header claims a huge data size: clamped to what is there.
        byte[] file = await ExternalTool.RunAsync("espeak-ng", ["--stdout", "Testing one two three."]);
        WavLayout layout = WavFile.ReadLayout(file);
        Assert.Equal(new WavFormat(22_050, 1), layout.Format);
        Assert.Equal(file.Length - layout.DataOffset, layout.DataLength);
        Assert.InRange(layout.Duration.TotalSeconds, 0.8, 4);
        short[] samples = WavFile.ReadSamples(file, out _);
        Assert.True(PcmLevel.RmsDbfs(samples) > -35, "espeak-ng's audio is speech, not silence");
    }

    [Fact]
    public async Task Reads_what_sox_writes_and_sox_reads_what_we_write()
    {
        short[] tone = Signals.Sine(1000, 16_000, 1_600, 12_000);
        byte[] ours = WavFile.Write(WavFormat.Mono16Khz, tone);
        byte[] soxCopy = await ExternalTool.RunAsync("sox", ["-t", "wav", "-", "-t", "wav", "-", "vol", "1"], ours);
        Assert.Equal(tone, WavFile.ReadSamples(soxCopy, out WavFormat format));
        Assert.Equal(WavFormat.Mono16Khz, format);
    }

    [Fact]
    public void Extensible_format_with_extra_chunks_is_read()
    {
        short[] samples = [1, -2, 3, -4];
        byte[] plain = WavFile.Write(WavFormat.Mono8Khz, samples);
        var file = new List<byte>();
        file.AddRange(plain[..12]);
        file.AddRange("LIST"u8.ToArray());
        file.AddRange(BitConverter.GetBytes(3));
        file.AddRange(new byte[] { 1, 2, 3, 0 });   // odd size, padded
        var fmt = new byte[8 + 40];
        "fmt "u8.CopyTo(fmt);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), 40);
        plain.AsSpan(20, 16).CopyTo(fmt.AsSpan(8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(8), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(32), 1);   // subformat: PCM
        file.AddRange(fmt);
        file.AddRange(plain[36..]);
        Assert.Equal(samples, WavFile.ReadSamples(file.ToArray(), out WavFormat format));
        Assert.Equal(WavFormat.Mono8Khz, format);
    }

    [Fact]
    public void Anything_else_is_a_wav_format_exception()
    {
        byte[] valid = WavFile.Write(WavFormat.Mono16Khz, [1, 2, 3]);
        byte[] eightBit = (byte[])valid.Clone();
        eightBit[34] = 8;
        byte[] floatFormat = (byte[])valid.Clone();
        floatFormat[20] = 3;
        Assert.Throws<WavFormatException>(() => WavFile.ReadLayout("RIFF....WAVX"u8));
        Assert.Throws<WavFormatException>(() => WavFile.ReadLayout(eightBit));
        Assert.Throws<WavFormatException>(() => WavFile.ReadLayout(floatFormat));
        Assert.Throws<WavFormatException>(() => WavFile.ReadLayout(valid.AsSpan(0, 36)));

        // Random bytes (with a plausible RIFF start or not) give a layout inside the file or a WavFormatException; nothing else.
        var junk = ArbMap.Default.ArbFor<byte[]>().Generator.Select(bytes => bytes.Length > 12 && bytes[0] % 2 == 0 ? [.. valid[..12], .. bytes] : bytes);
        Prop.ForAll(junk.ToArbitrary(), bytes =>
        {
            try
            {
                WavLayout layout = WavFile.ReadLayout(bytes);
                Assert.InRange(layout.DataOffset + layout.DataLength, 0, bytes.Length);
            }
            catch (WavFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }
}
