using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// An increasing list of at most <see cref="BitrateLadder.MaxRungs"/> thresholds, padded with +infinity, whose
/// "how many are below x" is counted without branches (four 256-bit compares and a popcount): the rung scans of the
/// ABR rules, whose variable trip counts otherwise cost a branch misprediction per decision. Exact: the same
/// comparisons as a scalar scan.
/// </summary>
internal sealed class Thresholds
{
    private const int Width = BitrateLadder.MaxRungs;
    private readonly double[] _values = new double[Width];

    /// <summary>The thresholds (must increase); the rest is +infinity.</summary>
    public Thresholds(ReadOnlySpan<double> values)
    {
        if (values.Length > Width) throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"at most {Width} thresholds");
        _values.AsSpan().Fill(double.PositiveInfinity);
        values.CopyTo(_values);
        Count = values.Length;
    }

    /// <summary>Thresholds given.</summary>
    public int Count { get; }

    /// <summary>Threshold <paramref name="i"/>.</summary>
    public double this[int i] => _values[i];

    /// <summary>How many thresholds are strictly below <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Below(double x) => CountBelow(1, x, inclusive: false);

    /// <summary>How many thresholds are at or below <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AtMost(double x) => CountBelow(1, x, inclusive: true);

    /// <summary>How many thresholds times <paramref name="scale"/> are at or below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledAtMost(double scale, double x) => CountBelow(scale, x, inclusive: true);

    /// <summary>How many thresholds times <paramref name="scale"/> are strictly below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledBelow(double scale, double x) => CountBelow(scale, x, inclusive: false);

    /// <summary>Thresholds t with t x scale &lt; x (or &lt;=); a scale of 1 multiplies exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CountBelow(double scale, double x, bool inclusive)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var vs = Vector256.Create(scale);
            // Unrolled over the 16 slots: four loads, multiplies and compares, one mask.
            var m = Compare(Vector256.LoadUnsafe(ref v) * vs, vx, inclusive)
                    | (Compare(Vector256.LoadUnsafe(ref v, 4) * vs, vx, inclusive) << 4)
                    | (Compare(Vector256.LoadUnsafe(ref v, 8) * vs, vx, inclusive) << 8)
                    | (Compare(Vector256.LoadUnsafe(ref v, 12) * vs, vx, inclusive) << 12);
            return System.Numerics.BitOperations.PopCount(m);
        }
        var n = 0;
        while (n < Count && (inclusive ? _values[n] * scale <= x : _values[n] * scale < x)) n++;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Compare(Vector256<double> t, Vector256<double> x, bool inclusive) =>
        (inclusive ? Vector256.LessThanOrEqual(t, x) : Vector256.LessThan(t, x)).ExtractMostSignificantBits();
}
