using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Players.Population;

/// <summary>
/// Runs N independent viewer sessions in parallel. Each viewer's cohort, trace, device, start point and patience come
/// from a random stream derived from (seed, viewer index) alone; each session's row is stored at its viewer's index and
/// the per-rung counts are integer sums, so the result is identical for any thread count and any order of work.
/// </summary>
/// <remarks>
/// Sessions are run grouped by trace (viewers sorted by trace, then by index, in fixed-size chunks): a 2-hour trace of
/// 1 s periods is about 115 KB of the arrays a session streams, which stays in the core's cache for the next viewer on
/// the same trace instead of being read from memory again for each viewer of a pool of many traces.
/// </remarks>
public static class PopulationSimulator
{
    internal const int ChunkSize = 1024;
    private const ulong AssignmentSalt = 0xC0_4047;

    /// <summary>Simulates the population.</summary>
    /// <param name="options">The run.</param>
    /// <param name="progress">Receives the fraction of viewers done (0..1), from worker threads.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public static PopulationResult Run(PopulationOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        Run(options, lanes: true, progress, cancellationToken);

    /// <summary><see cref="Run(PopulationOptions, IProgress{double}?, CancellationToken)"/>; <paramref name="lanes"/> false runs every session in the scalar engine alone (the same result).</summary>
    internal static PopulationResult Run(PopulationOptions options, bool lanes, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("invalid population options: " + string.Join("; ", errors), nameof(options));
        var plan = new SessionPlan(options.Player);
        var setup = plan.Setups[0];
        var cohorts = options.Cohorts;
        var cumulative = CumulativeWeights(cohorts);
        var n = options.Viewers;
        var rows = new SessionMetrics[n];
        var chunks = (n + ChunkSize - 1) / ChunkSize;
        var rungs = setup.LadderRungs;
        // Per chunk: played segments per rung for each cohort, then for each device.
        var groups = cohorts.Length + plan.Devices;
        var rungCounts = new long[chunks * groups * rungs];
        var done = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        var (order, keys, traceOf) = ByTrace(options.Seed, n, cumulative, cohorts, parallel);
        var seed = options.Seed;
        Parallel.For(0, chunks, parallel, () => new Worker(plan), (chunk, _, worker) =>
        {
            var start = chunk * ChunkSize;
            var end = Math.Min(n, start + ChunkSize);
            var counts = rungCounts.AsSpan(chunk * groups * rungs, groups * rungs);
            // The chunk's viewers by device: those of a setup the lane engine runs go four abreast, the rest one by one.
            foreach (var list in worker.ByDevice) list.Clear();
            for (var j = start; j < end; j++)
            {
                var i = order[j];
                worker.ByDevice[plan.Draw(seed, i)].Add(i);
            }
            for (var d = 0; d < plan.Devices; d++)
            {
                var viewers = worker.ByDevice[d];
                if (viewers.Count == 0) continue;
                var setup = plan.Setups[d];
                if (lanes && LaneEngine.Applies(setup))
                {
                    RunAbreast(worker.Engines[d] ??= new LaneEngine(setup), viewers, d, counts);
                    continue;
                }
                foreach (var i in viewers)
                {
                    var (c, t) = traceOf[keys[i]];
                    Simulate(ref worker.State, setup, cohorts[c].Traces[t], seed, i, plan.RungCaps[d]);
                    Done(in worker.State, i, d, counts);
                }
            }
            if (progress is not null)
            {
                var k = Interlocked.Increment(ref done);
                progress.Report((double)k / chunks);
            }
            return worker;
        }, _ => { });

        void Done(in SessionState state, int i, int d, Span<long> counts)
        {
            var (c, t) = traceOf[keys[i]];
            rows[i] = SessionMetrics.From(in state, plan.Setups[d], i, c, t, d);
            var dc = (cohorts.Length + d) * rungs;
            for (var q = 0; q < rungs; q++)
            {
                var k = state.RungSegments[q];
                counts[c * rungs + q] += k;
                counts[dc + q] += k;
            }
        }

        // Sessions of one device, four at a time in the lanes; a lane whose cycle the lanes cannot make runs it in the
        // scalar engine and comes back (or, once its session is over, takes the next viewer).
        void RunAbreast(LaneEngine engine, List<int> viewers, int d, Span<long> counts)
        {
            var setup = plan.Setups[d];
            Span<int> slot = stackalloc int[LaneEngine.Width];
            var next = 0;
            var active = 0;
            for (var l = 0; l < LaneEngine.Width; l++) if (Fill(l, counts, slot)) active++;
            while (active == LaneEngine.Width)
            {
                var bailed = engine.Cycle();
                for (var l = 0; bailed != 0; l++, bailed >>= 1)
                {
                    if ((bailed & 1) == 0) continue;
                    engine.Store(l);
                    if (ToLanes(l, TraceOf(slot[l]), resume: true)) continue;
                    Done(in engine.States[l], slot[l], d, counts);
                    if (!Fill(l, counts, slot)) active--;
                }
            }
            // Fewer than four left: the rest run in the scalar engine to their end.
            for (var l = 0; l < LaneEngine.Width; l++)
            {
                if (slot[l] < 0) continue;
                engine.Store(l);
                var trace = TraceOf(slot[l]);
                while (SessionEngine.ToCycleStart(ref engine.States[l], setup, trace, resume: true)) { }
                Done(in engine.States[l], slot[l], d, counts);
            }

            NetworkTrace TraceOf(int i)
            {
                var (c, t) = traceOf[keys[i]];
                return cohorts[c].Traces[t];
            }

            // Lane l's next viewer, run to a cycle start the lanes can take; false when none is left.
            bool Fill(int l, Span<long> counts, Span<int> slot)
            {
                while (next < viewers.Count)
                {
                    var i = viewers[next++];
                    var trace = TraceOf(i);
                    ref var state = ref engine.States[l];
                    SessionEngine.Init(ref state, setup, trace, seed, i, randomStart: true, plan.RungCaps[d]);
                    if (ToLanes(l, trace, resume: false)) { slot[l] = i; return true; }
                    Done(in state, i, d, counts);
                }
                slot[l] = -1;
                return false;
            }

            // Lane l's session runs in the scalar engine, cycle by cycle, until the lanes can take it (loaded: true) or
            // it is over (false); resume: it is at a cycle start (written back from the lanes), else just begun.
            bool ToLanes(int l, NetworkTrace trace, bool resume)
            {
                ref var state = ref engine.States[l];
                while (SessionEngine.ToCycleStart(ref state, setup, trace, resume))
                {
                    resume = true;
                    if (!engine.Eligible(in state)) continue;
                    engine.Load(l, trace);
                    return true;
                }
                return false;
            }
        }

        // Reduce in chunk order (integer sums: the order does not change them).
        var totals = new long[groups * rungs];
        for (var ch = 0; ch < chunks; ch++)
            for (var k = 0; k < totals.Length; k++) totals[k] += rungCounts[ch * totals.Length + k];

        // Groups: each cohort, each device, everyone; rows are referenced by index, never copied.
        var members = new List<(string Name, int[]? Rows, int RungOffset, string Player)>();
        for (var c = 0; c < cohorts.Length; c++) members.Add((cohorts[c].Name, Members(rows, r => r.NetworkClass == c), c * rungs, ""));
        if (plan.HasDevices)
            for (var d = 0; d < plan.Devices; d++) members.Add((plan.Names[d], Members(rows, r => r.Device == d), (cohorts.Length + d) * rungs, plan.Players[d]));
        var all = new long[rungs];
        for (var c = 0; c < cohorts.Length; c++)
            for (var q = 0; q < rungs; q++) all[q] += totals[c * rungs + q];
        var summaries = SummariseAll(rows, [.. members.Select(m => m.Rows)], options.HistogramBins, parallel);
        GroupSummary Group(int g, string name, ReadOnlySpan<long> rungCounts, string player) =>
            Summarise(name, rows, members.Count > g ? members[g].Rows : null, rungCounts, setup, summaries[g]) with { Player = player };
        var perCohort = ImmutableArray.CreateBuilder<GroupSummary>(cohorts.Length);
        for (var c = 0; c < cohorts.Length; c++) perCohort.Add(Group(c, cohorts[c].Name, totals.AsSpan(c * rungs, rungs), ""));
        var perDevice = ImmutableArray.CreateBuilder<GroupSummary>(plan.HasDevices ? plan.Devices : 0);
        for (var d = 0; plan.HasDevices && d < plan.Devices; d++)
            perDevice.Add(Group(cohorts.Length + d, plan.Names[d], totals.AsSpan((cohorts.Length + d) * rungs, rungs), plan.Players[d]));
        long decisions = 0;
        foreach (var k in all) decisions += k;
        var overall = Group(members.Count, "all", all, plan.HasDevices ? "" : plan.Players[0]);
        return new PopulationResult
        {
            Options = options,
            Cohorts = perCohort.MoveToImmutable(),
            Devices = perDevice.MoveToImmutable(),
            Overall = overall,
            Sessions = options.KeepSessions ? ImmutableArray.Create(rows) : [],
            SegmentDecisions = decisions,
        };
    }

    /// <summary>A worker thread's engines and buffers, reused over its chunks.</summary>
    private sealed class Worker(SessionPlan plan)
    {
        public readonly LaneEngine?[] Engines = new LaneEngine?[plan.Devices];
        public readonly List<int>[] ByDevice = [.. Enumerable.Range(0, plan.Devices).Select(_ => new List<int>())];
        public SessionState State;
    }

    /// <summary>
    /// One whole session. A method of its own, not inlined into the chunk loop: called once per viewer it is compiled
    /// fully optimized after its first calls, where the long-running loop would run on-stack-replaced code.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void Simulate(ref SessionState state, SessionSetup setup, NetworkTrace trace, ulong seed, int index, int rungCap)
    {
        SessionEngine.Init(ref state, setup, trace, seed, index, randomStart: true, rungCap);
        SessionEngine.Advance(ref state, setup, trace, double.PositiveInfinity, double.PositiveInfinity);
    }

    internal static double[] CumulativeWeights(ImmutableArray<NetworkCohort> cohorts)
    {
        var cumulative = new double[cohorts.Length];
        double total = 0;
        for (var c = 0; c < cohorts.Length; c++) { total += cohorts[c].Weight; cumulative[c] = total; }
        for (var c = 0; c < cohorts.Length; c++) cumulative[c] /= total;
        return cumulative;
    }

    /// <summary>
    /// The viewers in the order they are run: sorted by trace (cohort, then trace within it), then by index (a stable
    /// counting sort). Also each viewer's trace key and each key's (cohort, trace).
    /// </summary>
    private static (int[] Order, int[] Keys, (int Cohort, int Trace)[] TraceOf) ByTrace(ulong seed, int n, double[] cumulative, ImmutableArray<NetworkCohort> cohorts, ParallelOptions parallel)
    {
        var first = new int[cohorts.Length];
        var traceOf = new List<(int, int)>();
        for (var c = 0; c < cohorts.Length; c++)
        {
            first[c] = traceOf.Count;
            for (var t = 0; t < cohorts[c].Traces.Length; t++) traceOf.Add((c, t));
        }
        var keys = new int[n];
        Parallel.For(0, (n + ChunkSize - 1) / ChunkSize, parallel, chunk =>
        {
            for (int i = chunk * ChunkSize, end = Math.Min(n, i + ChunkSize); i < end; i++)
            {
                var (c, t) = Assign(seed, i, cumulative, cohorts);
                keys[i] = first[c] + t;
            }
        });
        var start = new int[traceOf.Count + 1];
        foreach (var k in keys) start[k + 1]++;
        for (var k = 0; k < traceOf.Count; k++) start[k + 1] += start[k];
        var order = new int[n];
        for (var i = 0; i < n; i++) order[start[keys[i]]++] = i;
        return (order, keys, [.. traceOf]);
    }

    /// <summary>Cohort and trace of viewer <paramref name="index"/>: a function of (seed, index) only.</summary>
    internal static (int Cohort, int Trace) Assign(ulong seed, long index, double[] cumulative, ImmutableArray<NetworkCohort> cohorts)
    {
        var rng = PlayerRandom.For(seed, index, AssignmentSalt);
        var u = rng.NextDouble();
        var c = 0;
        while (c < cumulative.Length - 1 && u >= cumulative[c]) c++;
        while (c > 0 && cohorts[c].Weight <= 0) c--; // rounding at the top end must not land on an empty cohort
        return (c, rng.NextInt(cohorts[c].Traces.Length));
    }

    /// <summary>The rows of a group, by index.</summary>
    private static int[] Members(SessionMetrics[] rows, Func<SessionMetrics, bool> inGroup)
    {
        var list = new List<int>();
        for (var i = 0; i < rows.Length; i++) if (inGroup(rows[i])) list.Add(i);
        return [.. list];
    }

    /// <summary>The per-session metrics a group summary holds, in <see cref="GroupSummary.AllMetrics"/> order.</summary>
    private static readonly (string Name, string Unit, Func<SessionMetrics, double> Value)[] Metrics =
    [
        ("startup_time", "s", r => r.StartupSeconds),
        ("stall_count", "count", r => r.StallCount),
        ("stall_time", "s", r => r.StallSeconds),
        ("rebuffer_ratio", "ratio", r => r.RebufferRatio),
        ("mean_bitrate", "bit/s", r => r.MeanBitrate),
        ("pulled_bitrate", "bit/s", r => r.PulledBitrate),
        ("switches_per_minute", "1/min", r => r.SwitchesPerMinute),
        ("bytes_delivered", "B", r => r.BytesDelivered),
        ("latency_to_live", "s", r => r.LatencyToLiveSeconds),
        ("time_average_score", "score", r => r.TimeAverageScore),
        ("rampup_time", "s", r => r.RampupSeconds),
        ("live_skips", "count", r => r.LiveSkips),
        ("skipped_media", "s", r => r.SkippedSeconds),
    ];

    /// <summary>
    /// Every metric of every group (the last entry is everyone), each summary built on its own column and sorted
    /// independently, so they run in parallel and the result does not depend on the thread count.
    /// </summary>
    private static MetricSummary[][] SummariseAll(SessionMetrics[] rows, int[]?[] groups, int bins, ParallelOptions parallel)
    {
        var n = groups.Length + 1;
        var result = new MetricSummary[n][];
        for (var g = 0; g < n; g++) result[g] = new MetricSummary[Metrics.Length];
        Parallel.For(0, n * Metrics.Length, new ParallelOptions { MaxDegreeOfParallelism = parallel.MaxDegreeOfParallelism, CancellationToken = parallel.CancellationToken }, k =>
        {
            var g = k / Metrics.Length;
            var (name, unit, value) = Metrics[k % Metrics.Length];
            var members = g < groups.Length ? groups[g] : null;
            var column = new double[members?.Length ?? rows.Length];
            if (members is null) for (var i = 0; i < column.Length; i++) column[i] = value(rows[i]);
            else for (var i = 0; i < column.Length; i++) column[i] = value(rows[members[i]]);
            result[g][k % Metrics.Length] = MetricSummary.Of(name, unit, column, bins);
        });
        return result;
    }

    internal static GroupSummary Summarise(string name, SessionMetrics[] rows, int[]? members, ReadOnlySpan<long> rungSegments, SessionSetup setup, MetricSummary[] metrics)
    {
        double bits = 0, seconds = 0;
        int completed = 0, abandoned = 0, failed = 0;
        var count = members?.Length ?? rows.Length;
        for (var i = 0; i < count; i++)
        {
            ref readonly var r = ref rows[members is null ? i : members[i]];
            bits += r.BytesDelivered * 8;
            seconds += r.SessionSeconds;
            switch (r.Outcome)
            {
                case SessionOutcome.Completed: completed++; break;
                case SessionOutcome.Abandoned: abandoned++; break;
                case SessionOutcome.NoThroughput or SessionOutcome.TimedOut: failed++; break;
            }
        }
        long segs = 0;
        double played = 0;
        for (var q = 0; q < rungSegments.Length; q++) { segs += rungSegments[q]; played += rungSegments[q] * setup.Bps[q]; }
        var share = ImmutableArray.CreateBuilder<Ratio>(rungSegments.Length);
        for (var q = 0; q < rungSegments.Length; q++) share.Add(Ratio.FromFraction(segs > 0 ? (double)rungSegments[q] / segs : 0));
        return new GroupSummary
        {
            Name = name,
            Viewers = count,
            Completed = completed,
            Abandoned = abandoned,
            Failed = failed,
            StartupTime = metrics[0],
            StallCount = metrics[1],
            StallTime = metrics[2],
            RebufferRatio = metrics[3],
            MeanBitrate = metrics[4],
            PulledBitrate = metrics[5],
            SwitchesPerMinute = metrics[6],
            BytesDelivered = metrics[7],
            LatencyToLive = metrics[8],
            TimeAverageScore = metrics[9],
            RampupTime = metrics[10],
            LiveSkips = metrics[11],
            SkippedMedia = metrics[12],
            RungShare = share.MoveToImmutable(),
            PlayedBitrate = segs > 0 ? Bitrate.FromBitsPerSecond(played / segs) : null,
            AveragePulledBitrate = Bitrate.FromBitsPerSecond(seconds > 0 ? bits / seconds : 0),
            TotalDelivered = DataSize.FromBytes(bits / 8),
        };
    }
}
