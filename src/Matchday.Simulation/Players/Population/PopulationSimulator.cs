using System.Collections.Immutable;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players.Engine;

namespace Matchday.Simulation.Players.Population;

/// <summary>
/// Runs N independent viewer sessions in parallel. Each viewer's cohort, trace, device, start point and patience come
/// from a random stream derived from (seed, viewer index) alone, and results are reduced in viewer order over
/// fixed-size chunks, so the result is identical for any thread count.
/// </summary>
public static class PopulationSimulator
{
    internal const int ChunkSize = 1024;
    private const ulong AssignmentSalt = 0xC0_4047;

    /// <summary>Simulates the population.</summary>
    /// <param name="options">The run.</param>
    /// <param name="progress">Receives the fraction of viewers done (0..1), from worker threads.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public static PopulationResult Run(PopulationOptions options, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
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
        Parallel.For(0, chunks, parallel, chunk =>
        {
            var state = new SessionState();
            var start = chunk * ChunkSize;
            var end = Math.Min(n, start + ChunkSize);
            var counts = rungCounts.AsSpan(chunk * groups * rungs, groups * rungs);
            for (var i = start; i < end; i++)
            {
                var (c, t) = Assign(options.Seed, i, cumulative, cohorts);
                var trace = cohorts[c].Traces[t];
                var d = plan.Draw(options.Seed, i);
                var viewer = plan.Setups[d];
                SessionEngine.Init(ref state, viewer, trace, options.Seed, i, randomStart: true, plan.RungCaps[d]);
                SessionEngine.Advance(ref state, viewer, trace, double.PositiveInfinity, double.PositiveInfinity);
                rows[i] = SessionMetrics.From(in state, viewer, i, c, t, d);
                var dc = (cohorts.Length + d) * rungs;
                for (var q = 0; q < rungs; q++)
                {
                    var k = state.RungSegments[q];
                    counts[c * rungs + q] += k;
                    counts[dc + q] += k;
                }
            }
            if (progress is not null)
            {
                var k = Interlocked.Increment(ref done);
                progress.Report((double)k / chunks);
            }
        });

        // Reduce in chunk (= viewer) order.
        var totals = new long[groups * rungs];
        for (var ch = 0; ch < chunks; ch++)
            for (var k = 0; k < totals.Length; k++) totals[k] += rungCounts[ch * totals.Length + k];

        var perCohort = ImmutableArray.CreateBuilder<GroupSummary>(cohorts.Length);
        for (var c = 0; c < cohorts.Length; c++)
        {
            var cc = c;
            perCohort.Add(Summarise(cohorts[c].Name, rows.Where(r => r.NetworkClass == cc).ToArray(), totals.AsSpan(c * rungs, rungs), setup, options.HistogramBins));
        }
        var perDevice = ImmutableArray.CreateBuilder<GroupSummary>(plan.HasDevices ? plan.Devices : 0);
        if (plan.HasDevices)
        {
            for (var d = 0; d < plan.Devices; d++)
            {
                var dd = d;
                var summary = Summarise(plan.Names[d], rows.Where(r => r.Device == dd).ToArray(), totals.AsSpan((cohorts.Length + d) * rungs, rungs), setup, options.HistogramBins);
                perDevice.Add(summary with { Player = plan.Players[d] });
            }
        }
        var all = new long[rungs];
        for (var c = 0; c < cohorts.Length; c++)
            for (var q = 0; q < rungs; q++) all[q] += totals[c * rungs + q];
        long decisions = 0;
        foreach (var k in all) decisions += k;
        return new PopulationResult
        {
            Options = options,
            Cohorts = perCohort.MoveToImmutable(),
            Devices = perDevice.MoveToImmutable(),
            Overall = Summarise("all", rows, all, setup, options.HistogramBins) with { Player = plan.HasDevices ? "" : plan.Players[0] },
            Sessions = options.KeepSessions ? ImmutableArray.Create(rows) : [],
            SegmentDecisions = decisions,
        };
    }

    internal static double[] CumulativeWeights(ImmutableArray<NetworkCohort> cohorts)
    {
        var cumulative = new double[cohorts.Length];
        double total = 0;
        for (var c = 0; c < cohorts.Length; c++) { total += cohorts[c].Weight; cumulative[c] = total; }
        for (var c = 0; c < cohorts.Length; c++) cumulative[c] /= total;
        return cumulative;
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

    internal static GroupSummary Summarise(string name, SessionMetrics[] rows, ReadOnlySpan<long> rungSegments, SessionSetup setup, int bins)
    {
        double[] Column(Func<SessionMetrics, double> f)
        {
            var a = new double[rows.Length];
            for (var i = 0; i < rows.Length; i++) a[i] = f(rows[i]);
            return a;
        }
        double bits = 0, seconds = 0;
        int completed = 0, abandoned = 0, failed = 0;
        foreach (var r in rows)
        {
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
            Viewers = rows.Length,
            Completed = completed,
            Abandoned = abandoned,
            Failed = failed,
            StartupTime = MetricSummary.Of("startup_time", "s", Column(r => r.StartupSeconds), bins),
            StallCount = MetricSummary.Of("stall_count", "count", Column(r => r.StallCount), bins),
            StallTime = MetricSummary.Of("stall_time", "s", Column(r => r.StallSeconds), bins),
            RebufferRatio = MetricSummary.Of("rebuffer_ratio", "ratio", Column(r => r.RebufferRatio), bins),
            MeanBitrate = MetricSummary.Of("mean_bitrate", "bit/s", Column(r => r.MeanBitrate), bins),
            PulledBitrate = MetricSummary.Of("pulled_bitrate", "bit/s", Column(r => r.PulledBitrate), bins),
            SwitchesPerMinute = MetricSummary.Of("switches_per_minute", "1/min", Column(r => r.SwitchesPerMinute), bins),
            BytesDelivered = MetricSummary.Of("bytes_delivered", "B", Column(r => r.BytesDelivered), bins),
            LatencyToLive = MetricSummary.Of("latency_to_live", "s", Column(r => r.LatencyToLiveSeconds), bins),
            TimeAverageScore = MetricSummary.Of("time_average_score", "score", Column(r => r.TimeAverageScore), bins),
            RampupTime = MetricSummary.Of("rampup_time", "s", Column(r => r.RampupSeconds), bins),
            RungShare = share.MoveToImmutable(),
            PlayedBitrate = Bitrate.FromBitsPerSecond(segs > 0 ? played / segs : 0),
            AveragePulledBitrate = Bitrate.FromBitsPerSecond(seconds > 0 ? bits / seconds : 0),
            TotalDelivered = DataSize.FromBytes(bits / 8),
        };
    }
}
