using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Matchday.Simulation.Players.Engine;

/// <summary>
/// An increasing list of at most <see cref="BitrateLadder.MaxRungs"/> thresholds, padded with +infinity, whose
/// "how many are below x" is counted without branches (two or four 256-bit compares and a popcount): the rung scans of the
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
        _wide = Count > Width / 2;
    }

    /// <summary>More thresholds than the first half of the slots holds.</summary>
    private readonly bool _wide;

    /// <summary>Thresholds given.</summary>
    public int Count { get; }

    /// <summary>Threshold <paramref name="i"/>.</summary>
    public double this[int i] => _values[i];

    /// <summary>The thresholds given, without the padding.</summary>
    public double[] ToArray() => _values[..Count];

    /// <summary>How many thresholds are strictly below <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Below(double x) => CountBelow(1, x, inclusive: false, scaled: false);

    /// <summary>How many thresholds are at or below <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AtMost(double x) => CountBelow(1, x, inclusive: true, scaled: false);

    /// <summary>How many thresholds times <paramref name="scale"/> are at or below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledAtMost(double scale, double x) => CountBelow(scale, x, inclusive: true, scaled: true);

    /// <summary>How many thresholds times <paramref name="scale"/> are strictly below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledBelow(double scale, double x) => CountBelow(scale, x, inclusive: false, scaled: true);

    /// <summary>
    /// Thresholds t with t x scale &lt; x (or &lt;=), at most <see cref="Count"/> (the padding is never counted, even
    /// for x = +infinity). Only the slots in use are compared: the first eight (a ladder of up to nine rungs) or all
    /// sixteen; unscaled, nothing is multiplied.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CountBelow(double scale, double x, bool inclusive, bool scaled)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var vs = Vector256.Create(scale);
            var m = Compare(Slots(ref v, 0, vs, scaled), vx, inclusive) | (Compare(Slots(ref v, 4, vs, scaled), vx, inclusive) << 4);
            if (_wide)
                m |= (Compare(Slots(ref v, 8, vs, scaled), vx, inclusive) << 8) | (Compare(Slots(ref v, 12, vs, scaled), vx, inclusive) << 12);
            var n = System.Numerics.BitOperations.PopCount(m);
            return n < Count ? n : Count;
        }
        var k = 0;
        while (k < Count && (inclusive ? _values[k] * scale <= x : _values[k] * scale < x)) k++;
        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Slots(ref double v, nuint at, Vector256<double> scale, bool scaled) =>
        scaled ? Vector256.LoadUnsafe(ref v, at) * scale : Vector256.LoadUnsafe(ref v, at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Compare(Vector256<double> t, Vector256<double> x, bool inclusive) =>
        (inclusive ? Vector256.LessThanOrEqual(t, x) : Vector256.LessThan(t, x)).ExtractMostSignificantBits();
}
