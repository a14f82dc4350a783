using System.Collections.Immutable;
using Matchday.Core.Statistics;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Events;

/// <summary>What the sampled players experienced over the match, each figure with the sample's 95% interval.</summary>
/// <param name="Sessions">Sampled sessions: exactly the number asked for.</param>
/// <param name="StartupP95">95th percentile of join to first frame, seconds, over every session (+∞ for one that never started).</param>
/// <param name="RebufferingRatio">Stall time over stall plus playing time, all sessions together.</param>
/// <param name="SwitchesPerMinute">Rung switches per minute of playing, all sessions together.</param>
/// <param name="MeanBitrate">Mean ladder bitrate played, weighted by playing time.</param>
/// <param name="Abandoned">Sessions whose viewer gave up.</param>
/// <param name="NeverStarted">Sessions that never showed a frame.</param>
/// <param name="SegmentDecisions">Segments the sessions' ABRs chose, all together.</param>
public sealed record PlayerExperience(int Sessions, Estimate StartupP95, Estimate RebufferingRatio, Estimate SwitchesPerMinute,
    Bitrate MeanBitrate, int Abandoned, int NeverStarted, long SegmentDecisions);

/// <summary>
/// The experience side of the night: after the fleet has run, real player sessions (the player engine, each device
/// with its player) replay what it recorded (<see cref="CellConditions"/>). Exactly N sessions are drawn over the edge
/// cells in proportion to the viewers each admitted (largest remainders), join at times spread over each cell's own
/// arrivals (stratified), belong to the network classes in their shares (stratified) and to devices in theirs, and
/// download over their class's synthetic access network capped, second by second, by what their cell could give one
/// viewer, and move between cells as the fleet's viewers do when the GSLB's answers change. Work is per segment, not
/// per tick: each session runs once, start to end.
/// </summary>
internal static class SampledPlayers
{
    /// <summary>Synthetic traces per network class (sessions start at their own join times, so a small pool still varies).</summary>
    private const int Pool = 8;

    /// <summary>Sessions per work item of the parallel loop.</summary>
    private const int Chunk = 256;

    private const ulong JoinSalt = 0x501A_7E5A, ClassSalt = 0xC1A5_5E5A, TraceSalt = 0x7ACE_5A17, MoveSalt = 0x3017_E5A1, BackoffSalt = 0xBAC0_FF5A;

    /// <param name="m">The night.</param>
    /// <param name="conditions">What the fleet recorded, cell by cell.</param>
    /// <param name="sessions">Sessions to draw.</param>
    /// <param name="turnedAway">
    /// The share of the night's joins the token service turned away for good (the fleet counts them exactly): they never
    /// started, so the startup p95 is over them and the sessions together.
    /// </param>
    /// <param name="threads">Worker threads; null for all cores. Does not change results.</param>
    /// <param name="progress">Receives the fraction of sessions done.</param>
    public static PlayerExperience Run(NightModel m, CellConditions conditions, int sessions, double turnedAway = 0, int? threads = null, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(m);
        ArgumentNullException.ThrowIfNull(conditions);
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        if (!(turnedAway is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(turnedAway), turnedAway, "a share: 0 to 1");
        var s = m.Scenario;
        var dt = conditions.Dt;
        var length = conditions.Ticks * dt;
        var ladder = BitrateLadder.Create(s.Delivery.SegmentDuration, [.. s.Ladder.Rungs.Select(r => r.Bitrate).Distinct().Order()]);
        var b = m.Behaviour;
        var options = PlayerOptions.Live(ladder, AbrOptions.DynamicDash, Duration.FromSeconds(length)) with
        {
            Devices = PlayerRunner.DevicesOf(s, ladder),
            LiveWindow = s.Delivery.LiveWindow,
            // Playback starts once the first segment is in, as dash.js does by default (initialBufferLevel unset) and as
            // the fleet's startup model has it; a device naming its player takes that player's own threshold.
            StartupBuffer = ladder.SegmentDuration,
            // The night's viewers, as the fleet models them: K&S startup tolerance and hazard; a stall patience with the
            // fleet's mean (uniform from 0 to twice the mean, the engine's form).
            ViewerAbandonment = b.Abandonment(),
            // Joined as far behind the live edge as the scenario's live players keep (viewers.live_buffer_segments).
            LiveTargetLatency = ladder.SegmentDuration * b.LiveBufferSegments,
        };
        var plan = new SessionPlan(options);

        // Nobody was admitted all night (the token service turned every join away, or nobody came): the sample has no
        // viewer to stand for. Every session is one who never started; with no playing time nothing else is measured.
        if (!AnyAdmitted(conditions)) return NoneAdmitted(sessions, turnedAway);

        // Each class's access network: a pool of synthetic traces laid on the night's clock and cut at its ticks, then one
        // copy per cell that ever limited its viewers, capped tick by tick (cells that never did share the pool).
        var networks = s.Audience.Networks.Select(SyntheticNetwork.OfClass).ToArray();
        var traceLength = Duration.FromSeconds(length + 60);
        var pools = new NetworkTrace[networks.Length][];
        var tickOf = new int[networks.Length][][];
        for (var c = 0; c < networks.Length; c++)
        {
            pools[c] = new NetworkTrace[Pool];
            tickOf[c] = new int[Pool][];
            for (var t = 0; t < Pool; t++) (pools[c][t], tickOf[c][t]) = OnClock(networks[c].Generate(m.Seed, traceLength, t), dt, conditions.Ticks);
        }
        var traces = new NetworkTrace[conditions.Cells][][];
        for (var k = 0; k < conditions.Cells; k++)
        {
            if (!conditions.EverCapped(k)) { traces[k] = pools; continue; }
            var caps = conditions.Caps(k);
            traces[k] = new NetworkTrace[networks.Length][];
            for (var c = 0; c < networks.Length; c++)
            {
                traces[k][c] = new NetworkTrace[Pool];
                for (var t = 0; t < Pool; t++) traces[k][c][t] = Capped(pools[c][t], tickOf[c][t], caps);
            }
        }

        // Who the sessions are: exactly N over the cells, each with its join time and class.
        var perCell = Allocate(conditions, sessions);
        var cellOf = new int[sessions];
        var joinAt = new double[sessions];
        var slotOf = new int[sessions];
        var classOf = new int[sessions];
        var classCdf = Cumulative([.. s.Audience.Networks.Select(n => n.Share.Value)]);
        for (int k = 0, first = 0; k < conditions.Cells; first += perCell[k], k++)
        {
            if (perCell[k] == 0) continue;
            var joins = JoinTimes(conditions, k, perCell[k], m.Seed, slotOf.AsSpan(first, perCell[k]));
            var cls = Classes(classCdf, perCell[k], m.Seed, k);
            for (var i = 0; i < perCell[k]; i++) (cellOf[first + i], joinAt[first + i], classOf[first + i]) = (k, joins[i], cls[i]);
        }

        var seg = ladder.SegmentDuration.Seconds;
        var startup = new double[sessions];
        var stall = new double[sessions];
        var watch = new double[sessions];
        var switches = new double[sessions];
        var playing = new double[sessions];
        var bitrateSeconds = new double[sessions];
        var abandoned = new int[sessions];
        var started = new int[sessions];
        var decisions = new long[sessions];
        var done = 0;
        Parallel.For(0, (sessions + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount }, chunk =>
        {
            var state = new SessionState();
            for (var index = chunk * Chunk; index < Math.Min(sessions, (chunk + 1) * Chunk); index++)
            {
                var device = plan.Draw(m.Seed, index);
                var setup = plan.Setups[device];
                var cls = classOf[index];
                var pick = (int)(PlayerRandom.Mix(m.Seed ^ TraceSalt ^ (ulong)index) % Pool);
                var join = joinAt[index];
                var left = length - join;
                var segments = Math.Max(1, (int)Math.Ceiling(left / seg));
                // A join admitted on a retry: the viewer pressed play the back-off earlier, and has that much less patience left.
                var backoff = conditions.Backoff(cellOf[index], slotOf[index], PlayerRandom.For(m.Seed, index, BackoffSalt).NextDouble());
                Simulate(ref state, setup, traces, conditions, cellOf[index], cls, pick, m.Seed, index, plan.RungCaps[device], segments, join, left, dt, backoff);
                var x = SessionMetrics.From(in state, setup, index, cls, pick, device);
                startup[index] = double.IsNaN(x.StartupSeconds) ? double.PositiveInfinity : x.StartupSeconds + backoff;
                stall[index] = x.StallSeconds;
                playing[index] = x.PlayingSeconds;
                watch[index] = x.StallSeconds + x.PlayingSeconds;
                switches[index] = x.Switches;
                bitrateSeconds[index] = double.IsFinite(x.MeanBitrate) ? x.MeanBitrate * x.PlayingSeconds : 0;
                abandoned[index] = x.Outcome == SessionOutcome.Abandoned ? 1 : 0;
                started[index] = double.IsNaN(x.StartupSeconds) ? 0 : 1;
                decisions[index] = state.Segments;
            }
            progress?.Report((double)Interlocked.Add(ref done, Math.Min(Chunk, sessions - chunk * Chunk)) / sessions);
        });

        Array.Sort(startup);
        var minutes = playing.Select(p => p / 60).ToArray();
        var played = playing.Sum();
        return new PlayerExperience(sessions,
            SampleEstimates.Quantile(startup, 0.95, never: turnedAway),
            SampleEstimates.Ratio(stall, watch, ZeroEvents.Share),
            SampleEstimates.Ratio(switches, minutes, ZeroEvents.Count),
            Bitrate.FromBitsPerSecond(played > 0 ? bitrateSeconds.Sum() / played : 0),
            abandoned.Sum(), sessions - started.Sum(), decisions.Sum());
    }

    /// <summary>
    /// One whole session, in a method of its own so it is compiled fully optimized (not on-stack-replaced). It plays on
    /// its cell's trace and, when the fleet moves a share of that cell's viewers (a GSLB answer changed and caches
    /// expired), moves with that chance to where they went, going on from the same moment of the new cell's copy.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Simulate(ref SessionState state, SessionSetup setup, NetworkTrace[][][] traces, CellConditions conditions, int cell, int cls, int pick,
        ulong seed, int index, int rungCap, int segments, double join, double left, double dt, double backoff)
    {
        SessionEngine.Init(ref state, setup, traces[cell][cls][pick], seed, index, randomStart: false, rungCap, segments, startAt: join);
        if (backoff > 0) state.StartupPatience -= backoff;
        var rng = PlayerRandom.For(seed, index, MoveSalt);
        var joinTick = (int)Math.Floor(join / dt);
        var moves = conditions.Moves(cell);
        var next = FirstAtOrAfter(moves, joinTick);
        while (next < moves.Count && state.Outcome == SessionOutcome.Running)
        {
            var move = moves[next];
            if (rng.NextDouble() >= move.Fraction) { next++; continue; }
            // The move happens as tick move.Tick begins: play up to then on this cell, then go on from the next.
            var at = Math.Max(0, move.Tick * dt - join);
            SessionEngine.Advance(ref state, setup, traces[cell][cls][pick], at, double.PositiveInfinity);
            var u = rng.NextDouble();
            var c = 0;
            while (c < move.To.Length - 1 && u >= move.To[c]) c++;
            cell = move.Region * move.To.Length + c;
            moves = conditions.Moves(cell);
            next = FirstAtOrAfter(moves, move.Tick + 1);
        }
        SessionEngine.Advance(ref state, setup, traces[cell][cls][pick], left, double.PositiveInfinity);
    }

    private static int FirstAtOrAfter(IReadOnlyList<CellConditions.Move> moves, int tick)
    {
        int lo = 0, hi = moves.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (moves[mid].Tick < tick) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static bool AnyAdmitted(CellConditions c)
    {
        for (var k = 0; k < c.Cells; k++)
            foreach (var v in c.Joins(k))
                if (v > 0) return true;
        return false;
    }

    /// <summary>
    /// The experience of a night that admitted nobody: every session never started (startup p95 never when viewers were
    /// turned away, nothing measured when nobody tried), and no rebuffering, switches or bitrate to measure.
    /// </summary>
    internal static PlayerExperience NoneAdmitted(int sessions, double turnedAway)
    {
        var none = new Estimate(double.NaN, double.NaN, double.NaN);
        var never = double.PositiveInfinity;
        return new PlayerExperience(sessions, turnedAway > 0 ? new Estimate(never, never, never) : none, none, none,
            Bitrate.FromBitsPerSecond(0), Abandoned: 0, NeverStarted: sessions, SegmentDecisions: 0);
    }

    /// <summary>
    /// N sessions over the cells in proportion to the viewers each admitted over the night: each its whole share, then
    /// one more to the largest remainders (Hamilton's method), so they sum to exactly N. Ties go to the lower cell.
    /// </summary>
    internal static int[] Allocate(CellConditions c, int sessions)
    {
        var weight = new double[c.Cells];
        for (var k = 0; k < c.Cells; k++)
        {
            foreach (var v in c.Joins(k)) weight[k] += v;
        }
        var total = weight.Sum();
        var result = new int[c.Cells];
        if (!(total > 0)) throw new ArgumentException("no cell admitted a join: there is nobody to sample", nameof(c));
        var remainders = new double[c.Cells];
        var given = 0;
        for (var k = 0; k < c.Cells; k++)
        {
            var exact = sessions * weight[k] / total;
            result[k] = (int)Math.Floor(exact);
            remainders[k] = exact - result[k];
            given += result[k];
        }
        foreach (var k in Enumerable.Range(0, c.Cells).OrderByDescending(k => remainders[k]).ThenBy(k => k).Take(sessions - given)) result[k]++;
        return result;
    }

    /// <summary>
    /// Join times of <paramref name="n"/> sessions of cell <paramref name="cell"/>, stratified over its arrivals: session i
    /// joins where the cell's cumulative joins reach (i + U) / n of its total, U uniform, within the tick it falls in.
    /// The audience already watching at the start joins at 0. Each one's join slot goes to <paramref name="slots"/> when given.
    /// </summary>
    internal static double[] JoinTimes(CellConditions c, int cell, int n, ulong seed, Span<int> slots = default)
    {
        var joins = c.Joins(cell);
        var total = 0.0;
        foreach (var v in joins) total += v;
        var times = new double[n];
        var slot = 0;
        var before = 0.0;
        for (var i = 0; i < n; i++)
        {
            var u = (i + PlayerRandom.For(seed, ((long)cell << 32) | (uint)i, JoinSalt).NextDouble()) / n * total;
            while (slot < joins.Length - 1 && before + joins[slot] < u) { before += joins[slot]; slot++; }
            var within = joins[slot] > 0 ? Math.Clamp((u - before) / joins[slot], 0, 1) : 0;
            times[i] = slot == 0 ? 0 : (slot - 1 + within) * c.Dt;
            if (!slots.IsEmpty) slots[i] = slot;
        }
        return times;
    }

    /// <summary>Network classes of a cell's sessions in their shares, stratified and shuffled over the join order.</summary>
    internal static int[] Classes(double[] cdf, int n, ulong seed, int cell)
    {
        var rng = PlayerRandom.For(seed, cell, ClassSalt);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)(rng.NextDouble() * (i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        var result = new int[n];
        for (var i = 0; i < n; i++)
        {
            var v = (order[i] + rng.NextDouble()) / n;
            var c = 0;
            while (c < cdf.Length - 1 && v >= cdf[c]) c++;
            result[i] = c;
        }
        return result;
    }

    private static double[] Cumulative(double[] weights)
    {
        var total = weights.Sum();
        var acc = 0.0;
        return [.. weights.Select(w => (acc += w) / total)];
    }

    /// <summary>
    /// <paramref name="trace"/> laid on the night's clock with its periods cut at the ticks' boundaries too, and the tick
    /// each period falls in (past the last tick: −1). A trace of 1 s periods under 1 s ticks keeps its periods (and stays
    /// uniform: the engine's fast path).
    /// </summary>
    internal static (NetworkTrace Trace, int[] TickOf) OnClock(NetworkTrace trace, double dt, int ticks)
    {
        var periods = new List<TracePeriod>(trace.Count + 16);
        var tickOf = new List<int>(trace.Count + 16);
        var n = trace.Count;
        var length = trace.Length.Seconds;
        double t = 0, periodEnd = trace.PeriodSeconds[0];
        var p = 0;
        var tick = 0;
        while (t < length - 1e-9)
        {
            var tickEnd = tick < ticks ? (tick + 1) * dt : double.PositiveInfinity;
            var end = Math.Min(Math.Min(periodEnd, tickEnd), length);
            if (end - t > 1e-9)
            {
                periods.Add(new TracePeriod(Duration.FromSeconds(end - t), Bitrate.FromBitsPerSecond(trace.Bps[p % n]), Duration.FromSeconds(trace.LatencySeconds[p % n])));
                tickOf.Add(tick < ticks ? tick : -1);
            }
            t = end;
            if (end >= periodEnd - 1e-9) { p++; periodEnd += trace.PeriodSeconds[p % n]; }
            if (end >= tickEnd - 1e-9) tick++;
        }
        return (new NetworkTrace(trace.Name, periods), [.. tickOf]);
    }

    /// <summary>A trace laid on the clock (<see cref="OnClock"/>) with each period's throughput capped by its tick's cap; same periods, shared.</summary>
    internal static NetworkTrace Capped(NetworkTrace onClock, int[] tickOf, ReadOnlySpan<float> caps)
    {
        var bps = new double[onClock.Count];
        for (var i = 0; i < bps.Length; i++) bps[i] = tickOf[i] >= 0 ? Math.Min(onClock.Bps[i], caps[tickOf[i]]) : onClock.Bps[i];
        return onClock.WithThroughput(bps);
    }
}
