namespace Matchday.Simulation.Random;

/// <summary>
/// PCG32 (PCG-XSH-RR 64/32), M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
/// Algorithms for Random Number Generation" (2014), as in the reference pcg-c-basic <c>pcg32_random_r</c>.
/// </summary>
/// <remarks>
/// The engines use this rather than <see cref="System.Random"/>, whose seeded sequence is not guaranteed to stay
/// the same across .NET versions. Same seed and stream: the same numbers on every runtime and platform.
/// Not thread-safe: give each engine (or each component) its own generator, e.g. via <see cref="ForComponent"/>.
/// </remarks>
internal sealed class Pcg32
{
    // The 64-bit LCG multiplier of pcg-c-basic (PCG_DEFAULT_MULTIPLIER_64, Knuth's MMIX constant).
    private const ulong Multiplier = 6364136223846793005UL;

    // pcg-c-basic's default stream (PCG32_INITIALIZER's inc = 0xda3e39cb94b95bdb).
    private const ulong DefaultStream = 0xda3e39cb94b95bdbUL >> 1;

    private ulong _state;
    private readonly ulong _increment;

    /// <summary>Seeds like <c>pcg32_srandom_r(initstate, initseq)</c>: the stream selects one of 2^63 sequences.</summary>
    public Pcg32(ulong seed, ulong stream = DefaultStream)
    {
        _state = 0;
        _increment = (stream << 1) | 1UL;
        Step();
        _state += seed;
        Step();
    }

    private Pcg32(ulong state, ulong increment, bool raw)
    {
        _ = raw;
        _state = state;
        _increment = increment;
    }

    /// <summary>The generator's full state, to snapshot and resume a run.</summary>
    public (ulong State, ulong Increment) Snapshot => (_state, _increment);

    /// <summary>Resumes a generator from a <see cref="Snapshot"/>.</summary>
    public static Pcg32 Restore((ulong State, ulong Increment) snapshot) => new(snapshot.State, snapshot.Increment, raw: true);

    private void Step() => _state = unchecked(_state * Multiplier + _increment);

    /// <summary>The next 32 uniformly distributed bits (<c>pcg32_random_r</c>).</summary>
    public uint NextUInt32()
    {
        var old = _state;
        Step();
        var xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        var rot = (int)(old >> 59);
        return (xorShifted >> rot) | (xorShifted << (-rot & 31));
    }

    /// <summary>A uniform integer in [0, bound) without modulo bias (<c>pcg32_boundedrand_r</c>).</summary>
    public uint NextBelow(uint bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        // Reject the low (2^32 mod bound) values so every residue is equally likely.
        var threshold = unchecked((uint)-bound) % bound;
        while (true)
        {
            var r = NextUInt32();
            if (r >= threshold) return r % bound;
        }
    }

    /// <summary>A uniform integer in [minInclusive, maxExclusive).</summary>
    public int NextInt(int minInclusive, int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(minInclusive, maxExclusive);
        return minInclusive + (int)NextBelow((uint)(maxExclusive - minInclusive));
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits (two draws).</summary>
    public double NextDouble()
    {
        var bits = ((ulong)NextUInt32() << 32) | NextUInt32();
        return (bits >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool NextBernoulli(double p) => NextDouble() < p;

    /// <summary>An exponentially distributed value with the given rate (mean 1/rate), by inversion.</summary>
    public double NextExponential(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        // 1 - U is in (0, 1], so the logarithm is finite.
        return -Math.Log(1.0 - NextDouble()) / rate;
    }

    /// <summary>A standard normal value (Box–Muller, one of the pair; deterministic, two uniforms per call).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Poisson-distributed count with the given mean (Knuth's product method below 30, normal approximation above).</summary>
    public long NextPoisson(double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(mean);
        if (mean == 0) return 0;
        if (mean > 30)
        {
            var x = Math.Round(mean + Math.Sqrt(mean) * NextGaussian());
            return x < 0 ? 0 : (long)x;
        }
        var limit = Math.Exp(-mean);
        long k = 0;
        var product = NextDouble();
        while (product > limit)
        {
            k++;
            product *= NextDouble();
        }
        return k;
    }

    /// <summary>
    /// A generator for one component of a run: the run's seed on the component's own stream. Giving each component
    /// its own stream means adding a component never shifts another component's numbers.
    /// </summary>
    public static Pcg32 ForComponent(ulong runSeed, ulong componentStream) => new(runSeed, componentStream);

    /// <summary>A new generator seeded from this one's next 64 bits, on stream <paramref name="streamId"/>.</summary>
    public Pcg32 Fork(ulong streamId)
    {
        var seed = ((ulong)NextUInt32() << 32) | NextUInt32();
        return new Pcg32(seed, streamId);
    }
}
