namespace EslKit.Controller.Audio;

/// <summary>
/// A fast deterministic white-noise source (xorshift32), uniform in [−1, 1): the conditioner needs noise
/// statistics, not cryptographic quality, and a seed makes runs reproducible. A mutable struct held in a field.
/// </summary>
internal struct WhiteNoise
{
    private uint _state;

    /// <summary>Starts the sequence at <paramref name="seed"/> (0 is replaced: xorshift never leaves 0).</summary>
    public WhiteNoise(uint seed) => _state = seed == 0 ? 0x9E3779B9u : seed;

    /// <summary>The next value, uniform in [−1, 1).</summary>
    public double Next()
    {
        uint x = _state;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _state = x;
        return (int)x / 2147483648.0;
    }
}
