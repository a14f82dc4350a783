using System.Globalization;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Cli.Rendering;

/// <summary>Reports of <c>matchday players</c>: a population's QoE distribution, or one session's metrics.</summary>
internal static class PlayersReport
{
    private static string N(double x, string format = "G4") => double.IsNaN(x) ? "-" : x.ToString(format, CultureInfo.InvariantCulture);

    private static string Value(MetricSummary m, double x) => m.Unit switch
    {
        "bit/s" => double.IsNaN(x) ? "-" : Bitrate.FromBitsPerSecond(x).ToString(),
        "B" => double.IsNaN(x) ? "-" : DataSize.FromBytes(x).ToString(),
        "ratio" => double.IsNaN(x) ? "-" : Ratio.FromFraction(x).ToString(),
        "s" => double.IsNaN(x) ? "-" : N(x, "0.00") + " s",
        _ => N(x),
    };

    private static string Title(PlayersRun run) =>
        $"Players: {run.Mode.ToString().ToLowerInvariant()}, {AbrOptions.Parse(run.Abr).Name}{(run.AbandonDownloads ? " + abandonment" : "")}, " +
        $"{run.Viewers.ToString("N0", CultureInfo.InvariantCulture)} viewers, {run.WatchTime.ToScenarioString()} each, seed {run.Seed.ToString(CultureInfo.InvariantCulture)}";

    public static Report Population(PlayersRun run, PopulationResult r)
    {
        var overall = new SectionBuilder("Quality of experience (all viewers)", "metric", "mean", "p50", "p90", "p95", "p99", "max");
        foreach (var m in r.Overall.AllMetrics())
        {
            if (m.Count == 0) continue;
            overall.Row(m.Name.Replace('_', ' '), Value(m, m.Mean), Value(m, m.P50), Value(m, m.P90), Value(m, m.P95), Value(m, m.P99), Value(m, m.Max));
        }
        overall.Note("rebuffer ratio = stall time / (stall time + playing time), startup excluded; startup time = join to first frame.");
        overall.Note($"Average pulled bitrate per watching viewer: {r.Overall.AveragePulledBitrate} (played ladder mean {r.Overall.PlayedBitrate}); use it, not the declared mix, for egress.");

        var cohorts = new SectionBuilder("By network class", "class", "viewers", "completed", "abandoned", "startup p50", "startup p95", "rebuffer p95", "stalls p95", "played bitrate", "pulled bitrate", "switches/min p50");
        foreach (var c in r.Cohorts.Append(r.Overall))
        {
            cohorts.Row(c.Name, c.Viewers.ToString("N0", CultureInfo.InvariantCulture), c.Completed.ToString("N0", CultureInfo.InvariantCulture),
                c.Abandoned.ToString("N0", CultureInfo.InvariantCulture), Value(c.StartupTime, c.StartupTime.P50), Value(c.StartupTime, c.StartupTime.P95),
                Value(c.RebufferRatio, c.RebufferRatio.P95), N(c.StallCount.P95), c.PlayedBitrate.ToString(), c.AveragePulledBitrate.ToString(),
                N(c.SwitchesPerMinute.P50, "0.00"));
        }
        if (r.Overall.Failed > 0) cohorts.Note($"{r.Overall.Failed} session(s) never delivered or timed out.");

        var mix = new SectionBuilder("Effective bitrate mix (share of played segments)", "rung", "bitrate", "share");
        var rungs = run.Ladder.Rungs;
        for (var q = 0; q < rungs.Length; q++) mix.Row(run.RungName(q), rungs[q].ToString(), r.Overall.RungShare[q].ToString());
        return new Report(Title(run), [overall.Build(), cohorts.Build(), mix.Build()]);
    }

    public static Report Session(PlayersRun run, NetworkTrace trace, SessionReport s)
    {
        var b = new SectionBuilder($"Session over {trace.Name} (mean {trace.MeanThroughput}, {trace.Length} loop)", "metric", "value");
        b.Row("outcome", s.Outcome.ToString().ToLowerInvariant());
        b.Row("startup time", s.StartupTime is { } st ? N(st.Seconds, "0.000") + " s" : "-");
        b.Row("stalls", s.StallCount.ToString(CultureInfo.InvariantCulture));
        b.Row("stall time", N(s.StallTime.Seconds, "0.000") + " s");
        b.Row("rebuffer ratio", N(s.RebufferRatio.Value, "0.000000"));
        b.Row("rebuffer ratio (Sabre: stall / session time)", N(s.SabreRebufferRatio.Value, "0.000000"));
        b.Row("mean bitrate", N(s.MeanBitrate.Kilobits, "0.000") + " kbps");
        b.Row("time-average bitrate (Sabre)", N(s.TimeAverageBitrate.Kilobits, "0.000") + " kbps");
        b.Row("switches", s.Switches.ToString(CultureInfo.InvariantCulture));
        b.Row("switches per minute", N(s.SwitchesPerMinute, "0.000"));
        b.Row("total bitrate change (Sabre)", N(s.TotalBitrateChange.Kilobits, "0.0") + " kbps");
        b.Row("segments", s.Segments.ToString(CultureInfo.InvariantCulture));
        b.Row("bytes delivered", s.BytesDelivered.ToString());
        b.Row("abandoned downloads", s.AbandonedDownloads.ToString(CultureInfo.InvariantCulture));
        b.Row("session time", N(s.SessionTime.Seconds, "0.000") + " s");
        if (s.MeanLatencyToLive is { } lat) b.Row("mean latency to live", N(lat.Seconds, "0.000") + " s");
        if (s.FinalLatencyToLive is { } fin) b.Row("final latency to live", N(fin.Seconds, "0.000") + " s");
        var mix = new SectionBuilder("Time share per rung", "rung", "bitrate", "share");
        for (var q = 0; q < s.RungShare.Length; q++) mix.Row(run.RungName(q), run.Ladder.Rungs[q].ToString(), s.RungShare[q].ToString());
        return new Report(Title(run with { Viewers = 1 }), [b.Build(), mix.Build()]);
    }

    /// <summary>The JSON shape: the run, then overall and per-class distributions (base units).</summary>
    public static PlayersOutput Json(PlayersRun run, PopulationResult r) =>
        new(run.Mode, AbrOptions.Parse(run.Abr).Name, run.AbandonDownloads, run.Viewers, run.Seed, run.WatchTime, run.Ladder.Rungs,
            run.Ladder.SegmentDuration, r.SegmentDecisions, r.Overall, r.Cohorts);
}

/// <summary>What <c>players --format json</c> writes: the run, then overall and per-class distributions (base units).</summary>
internal sealed record PlayersOutput(PlayerMode Mode, string Abr, bool AbandonDownloads, int Viewers, ulong Seed, Duration WatchTime,
    System.Collections.Immutable.ImmutableArray<Bitrate> Ladder, Duration SegmentDuration, long SegmentDecisions, GroupSummary Overall,
    System.Collections.Immutable.ImmutableArray<GroupSummary> Cohorts);
