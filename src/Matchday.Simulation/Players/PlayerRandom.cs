namespace Matchday.Simulation.Players;

/// <summary>
/// A small seeded generator (SplitMix64, Steele et al. 2014): the same seed gives the same numbers on every
/// machine and .NET version, which <see cref="System.Random"/> does not promise. A struct, so sessions own one without allocating.
/// </summary>
internal struct PlayerRandom
{
    private ulong _state;

    public PlayerRandom(ulong seed) => _state = seed;

    /// <summary>An independent stream for item <paramref name="index"/> of a run seeded with <paramref name="seed"/>.</summary>
    public static PlayerRandom For(ulong seed, long index, ulong salt = 0)
    {
        var s = Mix(seed ^ 0x9E3779B97F4A7C15UL) ^ Mix((ulong)index + 0xD1B54A32D192ED03UL) ^ Mix(salt + 0x8CB92BA72F3D8DD7UL);
        return new PlayerRandom(Mix(s));
    }

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 33) % (ulong)n);

    /// <summary>Standard normal (Box-Muller, one of the pair).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble(); // (0, 1]
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Exponential with the given mean.</summary>
    public double NextExponential(double mean) => -mean * Math.Log(1.0 - NextDouble());
}
