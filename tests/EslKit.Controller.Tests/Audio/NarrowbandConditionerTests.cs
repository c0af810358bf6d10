using EslKit.AudioStream;
using EslKit.Controller.Audio;
using FsCheck;
using FsCheck.Fluent;

namespace EslKit.Controller.Tests.Audio;

/// <summary>The telephone-band conditioner: noise level and band, gain, 8 kHz input, streaming.</summary>
public sealed class NarrowbandConditionerTests
{
    private static short[] Condition(NarrowbandConditioner conditioner, short[] input)
    {
        var output = new short[conditioner.GetMaxOutputLength(input.Length)];
        int written = conditioner.Process(input, output);
        return output[..written];
    }

    private static double BandEnergy(short[] audio, double low, double high)
    {
        // Energy in [low, high) Hz from a plain DFT over 1,600-sample blocks (10 Hz bins).
        const int Block = 1_600;
        double total = 0;
        for (int at = 0; at + Block <= audio.Length; at += Block)
        {
            for (int bin = (int)(low / 10); bin < (int)(high / 10); bin++)
            {
                double re = 0;
                double im = 0;
                for (int i = 0; i < Block; i++)
                {
                    double phase = 2 * Math.PI * bin * i / Block;
                    re += audio[at + i] * Math.Cos(phase);
                    im += audio[at + i] * Math.Sin(phase);
                }

                total += (re * re) + (im * im);
            }
        }

        return total;
    }

    [Fact]
    public void Silence_comes_out_as_noise_at_the_set_level_above_the_telephone_band()
    {
        var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions());
        short[] output = Condition(conditioner, CallAudio.Silence(TimeSpan.FromSeconds(2)));

        Assert.InRange(PcmLevel.RmsDbfs(output), -40.5, -39.5);
        double below = BandEnergy(output, 0, 3_000);
        double above = BandEnergy(output, 4_100, 8_000);
        Assert.True(10 * Math.Log10(below / above) < -25, "the noise stays above the telephone band");
    }

    [Fact]
    public void The_gain_set_from_the_opening_brings_its_peak_to_the_target_and_holds()
    {
        var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions { NoiseLevelDbfs = -120 });
        short[] quiet = CallAudio.Tone(500, TimeSpan.FromMilliseconds(400), -23);
        conditioner.BeginUtterance(quiet);
        Assert.Equal(20, conditioner.CurrentGainDb, 1);
        Assert.InRange(PcmLevel.PeakDbfs(Condition(conditioner, quiet)), -3.2, -2.8);

        // A softer stretch keeps the same gain: the level is the utterance's, not the moment's.
        short[] softer = CallAudio.Tone(500, TimeSpan.FromMilliseconds(400), -33);
        Assert.InRange(PcmLevel.PeakDbfs(Condition(conditioner, softer)), -13.2, -12.8);
        Assert.Equal(20, conditioner.CurrentGainDb, 1);
    }

    [Fact]
    public void Louder_audio_later_never_clips()
    {
        var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions { NoiseLevelDbfs = -120 });
        short[] opening = CallAudio.Tone(500, TimeSpan.FromMilliseconds(300), -30);
        short[] loud = CallAudio.Tone(500, TimeSpan.FromMilliseconds(300), -10);
        conditioner.BeginUtterance(opening);
        Condition(conditioner, opening);

        // Announced ahead: the gain glides down before the loud part arrives.
        conditioner.Anticipate(loud);
        short[] announced = Condition(conditioner, loud);
        Assert.True(PcmLevel.Peak(announced) < 32767, "announced: no clipping");

        // Not announced: the gain drops at once.
        var surprised = new NarrowbandConditioner(new NarrowbandConditionerOptions { NoiseLevelDbfs = -120 });
        surprised.BeginUtterance(opening);
        Condition(surprised, opening);
        Assert.True(PcmLevel.Peak(Condition(surprised, loud)) < 32767, "unannounced: no clipping");
    }

    [Fact]
    public void Eight_kilohertz_input_comes_out_at_16_kHz_with_its_content()
    {
        var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions { InputSampleRate = 8_000, NoiseLevelDbfs = -120 });
        short[] tone8k = Enumerable.Range(0, 8_000).Select(i => (short)(10_000 * Math.Sin(2 * Math.PI * 1_000 * i / 8_000))).ToArray();
        conditioner.BeginUtterance(tone8k);
        short[] output = Condition(conditioner, tone8k);
        Assert.Equal(16_000, output.Length);
        Assert.True(BandEnergy(output[1_600..], 950, 1_050) > 100 * BandEnergy(output[1_600..], 1_100, 8_000), "the 1 kHz tone, and little else");
    }

    [Fact]
    public void Frames_split_anywhere_give_the_one_pass_output()
    {
        short[] speech = CallAudio.Capture[(int)(1.4 * 16_000)..(int)(2.4 * 16_000)];
        var first = new NarrowbandConditioner(new NarrowbandConditionerOptions());
        first.BeginUtterance(speech);
        short[] whole = Condition(first, speech);
        Prop.ForAll(Gen.Choose(1, 900).ListOf().ToArbitrary(), splits =>
        {
            var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions());
            conditioner.BeginUtterance(speech);
            var pieces = new List<short>();
            int at = 0;
            foreach (int length in splits.Append(speech.Length))
            {
                int count = Math.Min(length, speech.Length - at);
                pieces.AddRange(Condition(conditioner, speech[at..(at + count)]));
                at += count;
            }

            // With the utterance's level known the gain holds, so the output is the same sample for sample.
            Assert.Equal(whole, pieces.ToArray());
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Processing_a_frame_allocates_nothing_at_either_rate()
    {
        foreach (int rate in new[] { 8_000, 16_000 })
        {
            var conditioner = new NarrowbandConditioner(new NarrowbandConditionerOptions { InputSampleRate = rate });
            var frame = new short[rate / 50];
            var output = new short[320];
            short[] audio = CallAudio.Capture;
            conditioner.Process(frame, output);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int at = 0; at + frame.Length <= audio.Length; at += frame.Length)
            {
                conditioner.Anticipate(audio.AsSpan(at, frame.Length));
                conditioner.Process(audio.AsSpan(at, frame.Length), output);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrowbandConditioner(new NarrowbandConditionerOptions { InputSampleRate = 11_025 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrowbandConditioner(new NarrowbandConditionerOptions { NoiseCornerHz = 1_000 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrowbandConditioner(new NarrowbandConditionerOptions { TargetPeakDbfs = 3 }));
    }
}
