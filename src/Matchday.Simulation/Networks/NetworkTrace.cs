using System.Collections.Immutable;
using Matchday.Core.Units;

namespace Matchday.Simulation.Networks;

/// <summary>One period of a piecewise-constant network trace: a throughput and a request latency held for a duration.</summary>
public readonly record struct TracePeriod(Duration Length, Bitrate Throughput, Duration Latency);

/// <summary>
/// A piecewise-constant throughput trace, played back period after period and looped when it runs out
/// (as Sabre and Pensieve-style simulators do). Immutable; the arrays are shared by every session that replays it.
/// </summary>
public sealed class NetworkTrace
{
    // Struct-of-arrays in SI units (s, bit/s) for the hot loop.
    internal readonly double[] PeriodSeconds;
    internal readonly double[] Bps;
    internal readonly double[] LatencySeconds;
    private readonly double[] _starts; // start of each period within the loop, s

    /// <summary>The length every period has, or 0 when they differ (synthetic and FCC traces are uniform).</summary>
    internal readonly double UniformPeriod;

    /// <summary>Bits delivered from the start of period 0 to the start of period i, over two loops (i in 0..2n), then +infinity.</summary>
    internal readonly double[] CumBits;

    /// <summary>Time from the start of period 0 to the start of period i, over two loops.</summary>
    internal readonly double[] CumTime;

    /// <summary>Bits one loop delivers.</summary>
    internal readonly double LoopBits;

    /// <summary>
    /// The periods are uniform and every multiple of their length up to two loops is a double exactly (the length
    /// is k x 2^e with 2n x k below 2^53: 1 s, 2 s, 0.5 s, 5 s periods): then the start of period i is i x the length,
    /// <see cref="CumTime"/>'s entries and their differences are exact, and the hot loop multiplies instead of reading
    /// the table (one array less to stream through memory).
    /// </summary>
    internal readonly bool ExactUniform;

    /// <summary>The request latency every period has, or NaN when they differ (synthetic traces have one).</summary>
    internal readonly double ConstantLatency;

    /// <summary>Builds a trace from its periods; every period must have a positive length and non-negative rates.</summary>
    public NetworkTrace(string name, IReadOnlyList<TracePeriod> periods)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(periods);
        if (periods.Count == 0) throw new ArgumentException($"trace '{name}' has no periods", nameof(periods));
        Name = name;
        PeriodSeconds = new double[periods.Count];
        Bps = new double[periods.Count];
        LatencySeconds = new double[periods.Count];
        _starts = new double[periods.Count];
        double bits = 0, length = 0;
        for (var i = 0; i < periods.Count; i++)
        {
            _starts[i] = length;
            var p = periods[i];
            if (!(p.Length.Seconds > 0) || !double.IsFinite(p.Length.Seconds))
                throw new ArgumentException($"trace '{name}' period {i}: length must be positive, was {p.Length.Seconds} s", nameof(periods));
            if (!(p.Throughput.BitsPerSecond >= 0) || !double.IsFinite(p.Throughput.BitsPerSecond))
                throw new ArgumentException($"trace '{name}' period {i}: throughput must be non-negative, was {p.Throughput}", nameof(periods));
            if (!(p.Latency.Seconds >= 0) || !double.IsFinite(p.Latency.Seconds))
                throw new ArgumentException($"trace '{name}' period {i}: latency must be non-negative, was {p.Latency.Seconds} s", nameof(periods));
            PeriodSeconds[i] = p.Length.Seconds;
            Bps[i] = p.Throughput.BitsPerSecond;
            LatencySeconds[i] = p.Latency.Seconds;
            bits += p.Length.Seconds * p.Throughput.BitsPerSecond;
            length += p.Length.Seconds;
        }
        Length = Duration.FromSeconds(length);
        UniformPeriod = PeriodSeconds.All(x => x == PeriodSeconds[0]) ? PeriodSeconds[0] : 0;
        CumTime = new double[2 * periods.Count + 1];
        for (var i = 0; i < 2 * periods.Count; i++) CumTime[i + 1] = CumTime[i] + PeriodSeconds[i % periods.Count];
        (CumBits, LoopBits) = Cumulate(Bps, PeriodSeconds);
        MeanThroughput = Bitrate.FromBitsPerSecond(bits / length);
        ExactUniform = MultiplesExact(UniformPeriod, 2 * periods.Count);
        ConstantLatency = LatencySeconds.All(x => x == LatencySeconds[0]) ? LatencySeconds[0] : double.NaN;
    }

    /// <summary>Whether i x <paramref name="period"/> is a double exactly for every i up to <paramref name="count"/>.</summary>
    internal static bool MultiplesExact(double period, int count)
    {
        if (!(period > 0) || !double.IsFinite(period) || !double.IsNormal(period)) return false;
        // period = k x 2^e with k odd: i x period is exact while i x k needs at most 53 bits (and stays normal, which a
        // positive normal period times a whole number up to 2^31 does unless it overflows, checked below).
        var bits = BitConverter.DoubleToInt64Bits(period);
        var k = (bits & 0xF_FFFF_FFFF_FFFFL) | (1L << 52);
        k >>= System.Numerics.BitOperations.TrailingZeroCount(k);
        return (double)k * count < 9007199254740992.0 && double.IsFinite(period * count);
    }

    /// <summary>A trace with <paramref name="template"/>'s periods (shared, not copied) and throughputs of its own.</summary>
    private NetworkTrace(NetworkTrace template, string name, double[] bps)
    {
        Name = name;
        PeriodSeconds = template.PeriodSeconds;
        LatencySeconds = template.LatencySeconds;
        _starts = template._starts;
        CumTime = template.CumTime;
        UniformPeriod = template.UniformPeriod;
        ExactUniform = template.ExactUniform;
        ConstantLatency = template.ConstantLatency;
        Length = template.Length;
        Bps = bps;
        (CumBits, LoopBits) = Cumulate(bps, PeriodSeconds);
        MeanThroughput = Bitrate.FromBitsPerSecond(LoopBits / Length.Seconds);
    }

    /// <summary>Two loops of cumulative bits, padded with +infinity for 4-wide scans past the end; and the bits of one loop.</summary>
    private static (double[] Cum, double Loop) Cumulate(double[] bps, double[] periods)
    {
        var n = bps.Length;
        var cum = new double[2 * n + 1 + 4];
        for (var i = 0; i < 2 * n; i++) cum[i + 1] = cum[i] + bps[i % n] * periods[i % n];
        for (var i = 2 * n + 1; i < cum.Length; i++) cum[i] = double.PositiveInfinity;
        return (cum, cum[n]);
    }

    /// <summary>
    /// The same periods with throughputs of their own (one per period, bit/s, non-negative), sharing this trace's
    /// period arrays: cheap copies of one trace under different caps, and a session can move between them mid-way
    /// (its cursor means the same moment in each).
    /// </summary>
    internal NetworkTrace WithThroughput(double[] bps, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(bps);
        if (bps.Length != Count) throw new ArgumentException($"expected one throughput per period ({Count}), got {bps.Length}", nameof(bps));
        foreach (var b in bps)
        {
            if (!(b >= 0) || !double.IsFinite(b)) throw new ArgumentException($"throughputs must be finite and non-negative, got {b}", nameof(bps));
        }
        return new NetworkTrace(this, name ?? Name, bps);
    }

    /// <summary>The start of each period within the loop, seconds.</summary>
    internal ReadOnlySpan<double> Starts => _starts;

    /// <summary>The period in force <paramref name="offset"/> seconds into the loop, and how far into it (binary search).</summary>
    internal (int Period, double Into) PeriodAt(double offset)
    {
        var i = Array.BinarySearch(_starts, offset);
        if (i < 0) i = ~i - 1;
        if (i < 0) i = 0;
        return (i, offset - _starts[i]);
    }

    /// <summary>A label: the file name for traces read from files.</summary>
    public string Name { get; }

    /// <summary>Number of periods in one loop.</summary>
    public int Count => Bps.Length;

    /// <summary>Length of one loop of the trace.</summary>
    public Duration Length { get; }

    /// <summary>Time-weighted mean throughput over one loop.</summary>
    public Bitrate MeanThroughput { get; }

    /// <summary>False when every period has zero throughput: no download over this trace can ever finish.</summary>
    public bool CanDeliver => MeanThroughput.BitsPerSecond > 0;

    /// <summary>The periods, as unit types.</summary>
    public ImmutableArray<TracePeriod> Periods
    {
        get
        {
            var b = ImmutableArray.CreateBuilder<TracePeriod>(Count);
            for (var i = 0; i < Count; i++)
                b.Add(new TracePeriod(Duration.FromSeconds(PeriodSeconds[i]), Bitrate.FromBitsPerSecond(Bps[i]), Duration.FromSeconds(LatencySeconds[i])));
            return b.MoveToImmutable();
        }
    }

    /// <summary>The same trace with every throughput multiplied by <paramref name="factor"/> (Sabre's <c>--network-multiplier</c>).</summary>
    public NetworkTrace Scale(double factor)
    {
        if (!(factor >= 0) || !double.IsFinite(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "the throughput multiplier must be a finite number >= 0");
        var periods = new TracePeriod[Count];
        for (var i = 0; i < Count; i++)
            periods[i] = new TracePeriod(Duration.FromSeconds(PeriodSeconds[i]), Bitrate.FromBitsPerSecond(Bps[i] * factor), Duration.FromSeconds(LatencySeconds[i]));
        return new NetworkTrace(factor == 1 ? Name : FormattableString.Invariant($"{Name}x{factor}"), periods);
    }

    /// <summary>A constant trace, handy for tests and what-ifs.</summary>
    public static NetworkTrace Constant(Bitrate throughput, Duration latency, string? name = null) =>
        new(name ?? $"constant {throughput}", [new TracePeriod(Duration.FromSeconds(1), throughput, latency)]);

    public override string ToString() => $"{Name} ({Count} periods, {Length}, mean {MeanThroughput})";
}
