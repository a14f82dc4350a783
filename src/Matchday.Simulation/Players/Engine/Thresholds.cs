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
    public int Below(double x)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var m = Vector256.LessThan(Vector256.LoadUnsafe(ref v), vx).ExtractMostSignificantBits()
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 4), vx).ExtractMostSignificantBits() << 4)
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 8), vx).ExtractMostSignificantBits() << 8)
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 12), vx).ExtractMostSignificantBits() << 12);
            return System.Numerics.BitOperations.PopCount(m);
        }
        var n = 0;
        while (n < Count && _values[n] < x) n++;
        return n;
    }

    /// <summary>How many thresholds are at or below <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int AtMost(double x)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var m = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v), vx).ExtractMostSignificantBits()
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 4), vx).ExtractMostSignificantBits() << 4)
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 8), vx).ExtractMostSignificantBits() << 8)
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 12), vx).ExtractMostSignificantBits() << 12);
            return System.Numerics.BitOperations.PopCount(m);
        }
        var n = 0;
        while (n < Count && _values[n] <= x) n++;
        return n;
    }

    /// <summary>How many thresholds times <paramref name="scale"/> are at or below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledAtMost(double scale, double x)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var vs = Vector256.Create(scale);
            var m = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v) * vs, vx).ExtractMostSignificantBits()
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 4) * vs, vx).ExtractMostSignificantBits() << 4)
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 8) * vs, vx).ExtractMostSignificantBits() << 8)
                    | (Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref v, 12) * vs, vx).ExtractMostSignificantBits() << 12);
            return System.Numerics.BitOperations.PopCount(m);
        }
        var n = 0;
        while (n < Count && _values[n] * scale <= x) n++;
        return n;
    }

    /// <summary>How many thresholds times <paramref name="scale"/> are strictly below <paramref name="x"/> (scale > 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ScaledBelow(double scale, double x)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            ref var v = ref _values[0];
            var vx = Vector256.Create(x);
            var vs = Vector256.Create(scale);
            var m = Vector256.LessThan(Vector256.LoadUnsafe(ref v) * vs, vx).ExtractMostSignificantBits()
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 4) * vs, vx).ExtractMostSignificantBits() << 4)
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 8) * vs, vx).ExtractMostSignificantBits() << 8)
                    | (Vector256.LessThan(Vector256.LoadUnsafe(ref v, 12) * vs, vx).ExtractMostSignificantBits() << 12);
            return System.Numerics.BitOperations.PopCount(m);
        }
        var n = 0;
        while (n < Count && scale * _values[n] < x) n++;
        return n;
    }
}
