using System.Globalization;
using EslKit.Protocol;

namespace EslKit.Fuzz;

/// <summary>How one input is fed: the parser limits and the sizes of the reads (the last one repeats).</summary>
internal sealed record ExecPlan(EslParserLimits Limits, int[] ReadSizes)
{
    public static ExecPlan Random(Random random, int inputLength)
    {
        var limits = random.Next(10) < 7
            ? EslParserLimits.Default
            : new EslParserLimits { MaxHeaderBlockBytes = 1 + random.Next(random.Next(2) == 0 ? 64 : 4096), MaxBodyBytes = random.Next(random.Next(2) == 0 ? 64 : 8192) };

        // Keep the number of reads bounded: each read re-slices the sequence from its start.
        int floor = Math.Max(1, inputLength / 400);
        int typical = random.Next(4) switch
        {
            0 => 1,
            1 => 16,
            2 => 256,
            _ => 4096,
        };
        var sizes = new int[1 + random.Next(64)];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = Math.Max(floor, 1 + random.Next(typical));
        }

        return new ExecPlan(limits, sizes);
    }

    /// <summary>The reads for an input of <paramref name="length"/> bytes.</summary>
    public IEnumerable<int> Reads(int length)
    {
        int delivered = 0;
        for (int i = 0; delivered < length; i++)
        {
            int n = Math.Min(ReadSizes[Math.Min(i, ReadSizes.Length - 1)], length - delivered);
            delivered += n;
            yield return n;
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"header={Limits.MaxHeaderBlockBytes} body={Limits.MaxBodyBytes} reads={string.Join(',', ReadSizes)}");

    public static ExecPlan Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return new ExecPlan(
            new EslParserLimits { MaxHeaderBlockBytes = int.Parse(parts["header"], CultureInfo.InvariantCulture), MaxBodyBytes = int.Parse(parts["body"], CultureInfo.InvariantCulture) },
            parts["reads"].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray());
    }
}
