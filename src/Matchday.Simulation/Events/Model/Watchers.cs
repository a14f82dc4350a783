namespace Matchday.Simulation.Events;

/// <summary>
/// The viewers past startup, per edge cell and viewer group (device profile × network class), by how much media they
/// hold: a histogram of buffer levels in bins of <see cref="BinSeconds"/> (an eighth of a segment) up to the live
/// buffer target, with bin 0 for the stalled. One buffer model for every cause: whatever cuts delivery (a dead CDN,
/// an encoder gap, missing origin segments, a share below the lowest rung) drains buffers at the rate delivery falls
/// short of playback, and a viewer stalls when hers runs dry, not before. Within a cell × group every buffer moves by
/// the same amount each tick, so shifts are kept exact to a bin by an accumulator instead of being smeared.
/// </summary>
internal sealed class Watchers
{
    private readonly double[] _mass;   // [cell][group][bin]
    private readonly double[] _total;  // [cell][group]: the sum of its bins, kept as they change
    private readonly double[] _phase;  // [cell][group]: fractional shift not yet applied, in bins

    public Watchers(int cells, int groups, double segmentSeconds, int liveBufferSegments)
    {
        Cells = cells;
        Groups = groups;
        BinsPerSegment = 8;
        BinSeconds = segmentSeconds / BinsPerSegment;
        Bins = BinsPerSegment * Math.Max(1, liveBufferSegments) + 1;
        _mass = new double[cells * groups * Bins];
        _phase = new double[cells * groups];
        _total = new double[cells * groups];
    }

    public int Cells { get; }
    public int Groups { get; }
    /// <summary>Bins including bin 0 (stalled); the top bin is the live buffer target.</summary>
    public int Bins { get; }
    public int BinsPerSegment { get; }
    public double BinSeconds { get; }

    /// <summary>The bin a viewer who has just received one segment is in.</summary>
    public int OneSegmentBin => BinsPerSegment;

    private int Offset(int cell, int group) => (cell * Groups + group) * Bins;

    /// <summary>The histogram of one cell × group (bin 0: stalled).</summary>
    public Span<double> Of(int cell, int group) => _mass.AsSpan(Offset(cell, group), Bins);

    public double Stalled(int cell, int group) => _mass[Offset(cell, group)];

    public double Playing(int cell, int group) => Math.Max(0, _total[cell * Groups + group] - _mass[Offset(cell, group)]);

    public double Total(int cell, int group) => _total[cell * Groups + group];

    public double Playing(int cell) => Total(cell) - Stalled(cell);

    public double Stalled(int cell)
    {
        var sum = 0.0;
        for (var g = 0; g < Groups; g++) sum += _mass[Offset(cell, g)];
        return sum;
    }

    public double Total(int cell)
    {
        var sum = 0.0;
        for (var g = 0; g < Groups; g++) sum += _total[cell * Groups + g];
        return sum;
    }

    /// <summary>Adds viewers to a bin (new starters, resumed viewers).</summary>
    public void Add(int cell, int group, int bin, double viewers)
    {
        _mass[Offset(cell, group) + bin] += viewers;
        _total[cell * Groups + group] += viewers;
    }

    /// <summary>Spreads viewers evenly over bins [from, to] (a steady audience: buffers between two and three segments).</summary>
    public void AddSpread(int cell, int group, int from, int to, double viewers)
    {
        var each = viewers / (to - from + 1);
        for (var b = from; b <= to; b++) _mass[Offset(cell, group) + b] += each;
        _total[cell * Groups + group] += viewers;
    }

    /// <summary>Scales every state of a cell (an audience that leaves in proportion).</summary>
    public void Scale(int cell, double factor)
    {
        var h = _mass.AsSpan(Offset(cell, 0), Groups * Bins);
        for (var i = 0; i < h.Length; i++) h[i] *= factor;
        for (var g = 0; g < Groups; g++) _total[cell * Groups + g] *= factor;
    }

    /// <summary>Takes a fraction of a cell's viewers out (into a pool to be placed elsewhere) into <paramref name="pool"/>.</summary>
    public void Take(int cell, double fraction, Span<double> pool)
    {
        var a = _mass.AsSpan(Offset(cell, 0), Groups * Bins);
        for (var i = 0; i < a.Length; i++)
        {
            var moved = a[i] * fraction;
            a[i] -= moved;
            pool[i] += moved;
        }
        for (var g = 0; g < Groups; g++) _total[cell * Groups + g] -= _total[cell * Groups + g] * fraction;
    }

    /// <summary>Puts a share of a pool taken with <see cref="Take"/> into a cell.</summary>
    public void Put(int cell, ReadOnlySpan<double> pool, double share)
    {
        var a = _mass.AsSpan(Offset(cell, 0), Groups * Bins);
        for (var g = 0; g < Groups; g++)
        {
            var added = 0.0;
            for (var b = 0; b < Bins; b++)
            {
                var x = pool[g * Bins + b] * share;
                a[g * Bins + b] += x;
                added += x;
            }
            _total[cell * Groups + g] += added;
        }
    }

    /// <summary>The size of a pool for <see cref="Take"/> and <see cref="Put"/>.</summary>
    public int PoolSize => Groups * Bins;

    /// <summary>The first bin of the live band: a live player's buffer rises by a segment as each is published and plays
    /// down between them, so a steady audience is spread evenly over the top segment's bins.</summary>
    public int BandStart => Bins - BinsPerSegment;

    /// <summary>
    /// Moves every playing viewer's buffer by <paramref name="seconds"/>. Draining (negative) moves everyone down, and
    /// buffers that run dry stall (into bin 0). Refilling (positive) moves up only those behind the live band: who reaches
    /// it has caught up with the live edge and lands anywhere in it, as the segment clock has it. Returns the viewers who stalled.
    /// </summary>
    public double Shift(int cell, int group, double seconds)
    {
        var i = cell * Groups + group;
        var o = Offset(cell, group);
        if (seconds >= 0)
        {
            // Refilling when every player is in the live band already moves nothing.
            var behind = 0.0;
            for (var b = 1; b < BandStart; b++) behind += _mass[o + b];
            if (behind <= 0) return 0;
        }
        _phase[i] += seconds / BinSeconds;
        var h = Of(cell, group);
        var stalled = 0.0;
        while (_phase[i] <= -1)
        {
            _phase[i] += 1;
            stalled += h[1];
            h[0] += h[1];
            for (var b = 1; b < h.Length - 1; b++) h[b] = h[b + 1];
            h[^1] = 0;
        }
        while (_phase[i] >= 1)
        {
            _phase[i] -= 1;
            var band = BandStart;
            var arriving = h[band - 1];
            for (var b = band - 1; b > 1; b--) h[b] = h[b - 1];
            h[1] = 0;
            for (var b = band; b < h.Length; b++) h[b] += arriving / BinsPerSegment;
        }
        return stalled;
    }

    /// <summary>Moves <paramref name="viewers"/> from stalled to playing with one segment buffered.</summary>
    public void Resume(int cell, int group, double viewers)
    {
        var h = Of(cell, group);
        var n = Math.Min(viewers, h[0]);
        h[0] -= n;
        h[OneSegmentBin] += n;
    }

    /// <summary>Removes viewers from the stalled bin (those who give up).</summary>
    public void RemoveStalled(int cell, int group, double viewers)
    {
        Of(cell, group)[0] -= viewers;
        _total[cell * Groups + group] -= viewers;
    }
}
