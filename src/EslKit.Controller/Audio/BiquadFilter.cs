namespace EslKit.Controller.Audio;

/// <summary>
/// One second-order IIR section (RBJ audio-EQ cookbook, transposed direct form II). Cascades of them make the
/// Butterworth high-passes the conditioner and the bandwidth detector use. A mutable struct: keep it in a field
/// or an array, never copy a running one.
/// </summary>
internal struct BiquadFilter
{
    private readonly double _b0;
    private readonly double _b1;
    private readonly double _b2;
    private readonly double _a1;
    private readonly double _a2;
    private double _z1;
    private double _z2;

    private BiquadFilter(double b0, double b1, double b2, double a0, double a1, double a2)
    {
        _b0 = b0 / a0;
        _b1 = b1 / a0;
        _b2 = b2 / a0;
        _a1 = a1 / a0;
        _a2 = a2 / a0;
        _z1 = 0;
        _z2 = 0;
    }

    /// <summary>A high-pass section with corner <paramref name="cornerHz"/> and quality <paramref name="q"/>.</summary>
    public static BiquadFilter HighPass(double cornerHz, double sampleRate, double q)
    {
        double w = 2 * Math.PI * cornerHz / sampleRate;
        double cos = Math.Cos(w);
        double alpha = Math.Sin(w) / (2 * q);
        return new BiquadFilter((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    /// <summary>The sections of an even-order Butterworth high-pass (order/2 biquads with the Butterworth Q values).</summary>
    public static BiquadFilter[] ButterworthHighPass(int order, double cornerHz, double sampleRate)
    {
        if (order < 2 || order % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be even and at least 2.");
        }

        var sections = new BiquadFilter[order / 2];
        for (int k = 0; k < sections.Length; k++)
        {
            // Pole pair k of an order-n Butterworth: Q = 1 / (2 sin((2k + 1)π / 2n)).
            double q = 1 / (2 * Math.Sin((2 * k + 1) * Math.PI / (2 * order)));
            sections[k] = HighPass(cornerHz, sampleRate, q);
        }

        return sections;
    }

    /// <summary>Filters one sample.</summary>
    public double Process(double x)
    {
        double y = (_b0 * x) + _z1;
        _z1 = (_b1 * x) - (_a1 * y) + _z2;
        _z2 = (_b2 * x) - (_a2 * y);
        return y;
    }

    /// <summary>Clears the state.</summary>
    public void Reset()
    {
        _z1 = 0;
        _z2 = 0;
    }
}
