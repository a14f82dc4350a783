namespace Matchday.Simulation.Events;

/// <summary>
/// The viewers whose join the token service rejected and who will retry, per region, by how long ago they first pressed
/// play: a ring of one slot per tick (ages known exactly up to <see cref="Slots"/> ticks), then one pool of the older
/// with the sum of their ages. They retry at a rate (the back-off), the same for every age; a retry rejected again
/// goes back with its age, so an admitted retry knows how long the viewer has waited. Its startup counts from that
/// first press: the back-off is part of the wait for the first frame.
/// </summary>
internal sealed class BackoffPool
{
    /// <summary>The ages the ring holds exactly: ten minutes (2,048 ticks at most; at least 64).</summary>
    private const double RingSeconds = 600;

    /// <summary>
    /// Upper edges of the age bins admitted retries join in (s); the last bin is open. An admitted retry joins with
    /// the mean age of its bin, so these bound the error of its startup: within a factor of two of its back-off.
    /// </summary>
    public static readonly double[] BinEdges = [2, 4, 8, 16, 32, 64, 128, 256, 512];

    /// <summary>Age bins admitted retries join in.</summary>
    public static int Bins => BinEdges.Length + 1;

    private readonly int _regions;
    private readonly double _dt;
    private readonly double[] _ring;     // region × slot: viewers
    private readonly double[] _old;      // region: viewers older than the ring
    private readonly double[] _oldAge;   // region: the sum of their ages (viewer-seconds)
    private readonly double[] _total;    // region: everyone waiting (kept as the pool changes: read every tick)
    private readonly int[] _binOfSlot;   // slot distance from the head → age bin
    private int _head;

    public BackoffPool(int regions, double dt)
    {
        _regions = regions;
        _dt = dt;
        Slots = Math.Clamp((int)Math.Ceiling(RingSeconds / dt), 64, 2048);
        _ring = new double[regions * Slots];
        _old = new double[regions];
        _oldAge = new double[regions];
        _total = new double[regions];
        _binOfSlot = new int[Slots];
        for (var d = 0; d < Slots; d++) _binOfSlot[d] = BinOf(d * dt);
    }

    /// <summary>Ticks of age the ring holds exactly.</summary>
    public int Slots { get; }

    /// <summary>The age bin of a back-off of <paramref name="seconds"/>.</summary>
    public static int BinOf(double seconds)
    {
        var b = 0;
        while (b < BinEdges.Length && seconds >= BinEdges[b]) b++;
        return b;
    }

    /// <summary>Viewers waiting to retry in region <paramref name="r"/>.</summary>
    public double Total(int r) => _total[r];

    /// <summary>The sum of the ages of region <paramref name="r"/>'s waiting viewers (viewer-seconds).</summary>
    public double AgeSum(int r)
    {
        var sum = _oldAge[r];
        var ring = _ring.AsSpan(r * Slots, Slots);
        for (var d = 0; d < Slots; d++) sum += ring[Slot(d)] * d * _dt;
        return sum;
    }

    /// <summary>One tick passes: everyone is a tick older; the oldest slot joins the pool beyond the ring.</summary>
    public void Age()
    {
        var next = (_head + 1) % Slots; // the slot of age Slots − 1 ticks, about to be reused for age 0
        for (var r = 0; r < _regions; r++)
        {
            _oldAge[r] += _old[r] * _dt;
            ref var oldest = ref _ring[r * Slots + next];
            _old[r] += oldest;
            _oldAge[r] += oldest * Slots * _dt;
            oldest = 0;
        }
        _head = next;
    }

    /// <summary>Viewers rejected for the first time this tick join at age 0.</summary>
    public void Add(int r, double viewers)
    {
        _ring[r * Slots + _head] += viewers;
        _total[r] += viewers;
    }

    /// <summary>
    /// This tick's retries in region <paramref name="r"/>: <paramref name="leave"/> of every age asks again; the
    /// service admits <paramref name="admitted"/> of them; of the rest, <paramref name="retryShare"/> go back to wait
    /// with their age (the others give up, counted by the caller). The admitted are added per age bin to
    /// <paramref name="viewers"/> and the sum of their ages to <paramref name="ages"/> (both <see cref="Bins"/> long).
    /// </summary>
    public void Settle(int r, double leave, double admitted, double retryShare, Span<double> viewers, Span<double> ages)
    {
        if (!(_total[r] > 0)) return; // nobody waiting (every tick of a night without rejections)
        var kept = 1 - leave + leave * (1 - admitted) * retryShare;
        var ring = _ring.AsSpan(r * Slots, Slots);
        var total = 0.0;
        for (var d = 0; d < Slots; d++)
        {
            ref var x = ref ring[Slot(d)];
            if (x <= 0) continue;
            var joined = x * leave * admitted;
            viewers[_binOfSlot[d]] += joined;
            ages[_binOfSlot[d]] += joined * d * _dt;
            x *= kept;
            total += x;
        }
        if (_old[r] > 0)
        {
            var joined = _old[r] * leave * admitted;
            var last = BinOf(Slots * _dt);
            viewers[last] += joined;
            ages[last] += _oldAge[r] * leave * admitted;
            _old[r] *= kept;
            _oldAge[r] *= kept;
            total += _old[r];
        }
        _total[r] = total;
    }

    /// <summary>Scales region <paramref name="r"/>'s waiting viewers (demand fell: leavers leave every state in proportion).</summary>
    public void Scale(int r, double factor)
    {
        foreach (ref var x in _ring.AsSpan(r * Slots, Slots)) x *= factor;
        _old[r] *= factor;
        _oldAge[r] *= factor;
        _total[r] *= factor;
    }

    /// <summary>The ring slot of the viewers <paramref name="d"/> ticks old.</summary>
    private int Slot(int d) => (_head - d + Slots) % Slots;
}
