namespace Matchday.Simulation.Events;

/// <summary>
/// What the fleet recorded for the sampled players to replay once the night is over: per edge cell, the viewers it
/// admitted and, tick by tick, the throughput one of its viewers could get from it (its fair share, less what the
/// origin path and the encoders fail to deliver). The players run after the fleet, so their number changes the
/// precision of the experience figures, never the fleet.
/// </summary>
internal sealed class CellConditions
{
    private readonly float[] _joins;
    private readonly float[] _cap;
    private readonly List<Move>[] _moves;

    /// <summary>In tick <paramref name="Tick"/> this share of a cell's viewers moved to the cells of its region in <paramref name="To"/>'s shares (cumulative, per CDN).</summary>
    public readonly record struct Move(int Tick, float Fraction, int Region, float[] To);

    public CellConditions(int cells, int ticks, double dt)
    {
        Cells = cells;
        Ticks = ticks;
        Dt = dt;
        // Slot 0 holds the audience already watching at the start; slot i + 1 the joins of tick i.
        _joins = new float[cells * (ticks + 1)];
        _cap = new float[cells * ticks];
        Array.Fill(_cap, float.PositiveInfinity);
        _moves = [.. Enumerable.Range(0, cells).Select(_ => new List<Move>())];
    }

    private readonly Dictionary<int, double[]> _retried = [];

    public int Cells { get; }
    public int Ticks { get; }
    public double Dt { get; }

    /// <summary>Viewers who started watching through cell <paramref name="cell"/> in tick <paramref name="tick"/> (−1: already at the start).</summary>
    public void Joined(int cell, int tick, double viewers)
    {
        if (viewers > 0) _joins[cell * (Ticks + 1) + tick + 1] += (float)viewers;
    }

    /// <summary>
    /// Of the viewers who joined through cell <paramref name="cell"/> in tick <paramref name="tick"/>, those admitted on
    /// a retry whose back-off falls in age bin <paramref name="bin"/> (<see cref="BackoffPool"/>), and the sum of their
    /// back-offs (viewer-seconds). Kept only for the ticks that have any (nights without rejections keep nothing).
    /// </summary>
    public void Retried(int cell, int tick, int bin, double viewers, double backoffSum)
    {
        if (!(viewers > 0)) return;
        var key = cell * (Ticks + 1) + tick + 1;
        if (!_retried.TryGetValue(key, out var row)) _retried[key] = row = new double[2 * BackoffPool.Bins];
        row[bin] += viewers;
        row[BackoffPool.Bins + bin] += backoffSum;
    }

    /// <summary>
    /// The back-off a viewer joining through <paramref name="cell"/> in join slot <paramref name="slot"/> (as
    /// <see cref="Joins"/> counts them) had waited, for a uniform draw <paramref name="u"/>: the mean back-off of the
    /// age bin it falls in, in the shares the slot's admitted retries had of its joins; 0 for a first try.
    /// </summary>
    public double Backoff(int cell, int slot, double u)
    {
        if (_retried.Count == 0 || !_retried.TryGetValue(cell * (Ticks + 1) + slot, out var row)) return 0;
        var joins = (double)_joins[cell * (Ticks + 1) + slot];
        if (!(joins > 0)) return 0;
        var at = u * joins;
        var acc = 0.0;
        for (var b = 0; b < BackoffPool.Bins; b++)
        {
            if (!(row[b] > 0)) continue;
            acc += row[b];
            if (at < acc) return row[BackoffPool.Bins + b] / row[b];
        }
        return 0;
    }

    /// <summary>The throughput a viewer of <paramref name="cell"/> could get during tick <paramref name="tick"/>, bit/s (+∞: the edge does not limit it).</summary>
    public void Capped(int cell, int tick, double bitsPerSecond) => _cap[cell * Ticks + tick] = (float)Math.Max(0, bitsPerSecond);

    /// <summary>
    /// In tick <paramref name="tick"/> a <paramref name="fraction"/> of cell <paramref name="cell"/>'s viewers moved to the
    /// cells of region <paramref name="region"/>, CDN c taking <paramref name="shares"/>[c] of them.
    /// </summary>
    public void Moved(int cell, int tick, double fraction, int region, ReadOnlySpan<double> shares)
    {
        if (!(fraction > 0)) return;
        var to = new float[shares.Length];
        var acc = 0.0;
        for (var c = 0; c < shares.Length; c++) to[c] = (float)(acc += shares[c]);
        _moves[cell].Add(new Move(tick, (float)Math.Min(1, fraction), region, to));
    }

    /// <summary>The moves out of a cell, in tick order.</summary>
    public IReadOnlyList<Move> Moves(int cell) => _moves[cell];

    /// <summary>Whether the cell ever limited what a viewer could get.</summary>
    public bool EverCapped(int cell)
    {
        foreach (var c in Caps(cell))
        {
            if (!float.IsPositiveInfinity(c)) return true;
        }
        return false;
    }

    /// <summary>The cell's joins by slot (slot 0: at the start; slot i + 1: during tick i).</summary>
    public ReadOnlySpan<float> Joins(int cell) => _joins.AsSpan(cell * (Ticks + 1), Ticks + 1);

    /// <summary>The cell's per-viewer throughput cap, tick by tick.</summary>
    public ReadOnlySpan<float> Caps(int cell) => _cap.AsSpan(cell * Ticks, Ticks);
}
