using System.Collections.Immutable;
using System.Globalization;
using Matchday.Core.Units;
using Matchday.Simulation.Networks;
using Matchday.Simulation.Players;
using Matchday.Simulation.Players.Population;

namespace Matchday.Cli.Rendering;

/// <summary>Reports of <c>matchday players</c>: a population's QoE distribution, one session's metrics, or a reference set.</summary>
internal static class PlayersReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string N(double x, string format = "G4") => double.IsNaN(x) ? "-" : x.ToString(format, Inv);

    private static string Value(MetricSummary m, double x) => m.Unit switch
    {
        "bit/s" => double.IsNaN(x) ? "-" : Bitrate.FromBitsPerSecond(x).ToString(),
        "B" => double.IsNaN(x) ? "-" : DataSize.FromBytes(x).ToString(),
        "ratio" => double.IsNaN(x) ? "-" : Ratio.FromFraction(x).ToString(),
        "s" => double.IsNaN(x) ? "-" : N(x, "0.00") + " s",
        // Fixed decimals per unit, so a column reads down: 0.74/min over 0.01/min, not 0.7431 over 0.008333.
        "1/min" => double.IsNaN(x) ? "-" : N(x, "0.00") + "/min",
        "count" => N(x, "#,0.##"),
        "score" => N(x, "0.000"),
        _ => N(x),
    };

    /// <summary>The ABR as the run names it, or what devices run when it names none.</summary>
    private static string AbrName(PlayersRun run) =>
        run.Abr is not null ? PlayerRunner.PlayerNamed(run)?.Label ?? PlayerRunner.AbrFor(run).Name
        : run.Devices.Any(d => d.Player is not null) && run.Mode != PlayerMode.Reference ? "each device's player" : PlayerRunner.AbrFor(run).Name;

    private static string Title(PlayersRun run) =>
        $"Players: {run.Mode.ToString().ToLowerInvariant()}, {AbrName(run)}{(run.AbandonDownloads ? " + abandonment" : "")}, " +
        $"{run.Viewers.ToString("N0", Inv)} viewers, {run.WatchTime.ToScenarioString()} each, seed {run.Seed.ToString(Inv)}";

    public static Report Population(PlayersRun run, PopulationResult r)
    {
        var overall = new SectionBuilder("Quality of experience (all viewers)", "metric", "mean", "p50", "p90", "p95", "p99", "max");
        foreach (var m in r.Overall.AllMetrics())
        {
            if (m.Count == 0) continue;
            // Jumps to the live edge happen only over a sliding window; without one they are zero by construction.
            if ((run.LiveWindow is null || run.Mode != PlayerMode.Live) && (ReferenceEquals(m, r.Overall.LiveSkips) || ReferenceEquals(m, r.Overall.SkippedMedia))) continue;
            overall.Row(m.Name.Replace('_', ' '), Value(m, m.Mean), Value(m, m.P50), Value(m, m.P90), Value(m, m.P95), Value(m, m.P99), Value(m, m.Max));
        }
        overall.Note("rebuffer ratio = stall time / (stall time + playing time), startup excluded; startup time = join to first frame.");
        overall.Note($"Average pulled bitrate per watching viewer: {r.Overall.AveragePulledBitrate} (played ladder mean {r.Overall.PlayedBitrate?.ToString() ?? "-: no segment played"}); use it, not the declared mix, for egress.");

        var sections = new List<Section> { overall.Build(), Groups("By network class", "class", r.Cohorts.Append(r.Overall), r.Overall.Failed) };
        if (!r.Devices.IsDefaultOrEmpty) sections.Add(Groups("By device and player", "device", r.Devices, 0));

        var mix = new SectionBuilder("Effective bitrate mix (share of played segments)", "rung", "bitrate", "share");
        var rungs = run.Ladder.Rungs;
        for (var q = 0; q < rungs.Length; q++) mix.Row(run.RungName(q), rungs[q].ToString(), r.Overall.RungShare[q].ToString());
        sections.Add(mix.Build());
        return new Report(Title(run), [.. sections]);
    }

    /// <summary>One row per group; the player column only when some group names one (classes mix every player).</summary>
    private static Section Groups(string title, string what, IEnumerable<GroupSummary> groups, int failed)
    {
        var rows = groups.ToList();
        var withPlayer = rows.Any(c => c.Player.Length > 0);
        string[] columns = ["viewers", "completed", "abandoned", "startup p50", "startup p95", "rebuffer p95", "stalls p95", "played bitrate", "pulled bitrate", "switches/min p50"];
        var b = new SectionBuilder(title, [what, .. withPlayer ? ["player"] : Array.Empty<string>(), .. columns]);
        foreach (var c in rows)
        {
            string[] cells = [c.Viewers.ToString("N0", Inv), c.Completed.ToString("N0", Inv),
                c.Abandoned.ToString("N0", Inv), Value(c.StartupTime, c.StartupTime.P50), Value(c.StartupTime, c.StartupTime.P95),
                Value(c.RebufferRatio, c.RebufferRatio.P95), N(c.StallCount.P95), c.PlayedBitrate?.ToString() ?? "-", c.AveragePulledBitrate.ToString(),
                N(c.SwitchesPerMinute.P50, "0.00")];
            b.Row([c.Name, .. withPlayer ? [c.Player.Length > 0 ? c.Player : "-"] : Array.Empty<string>(), .. cells]);
        }
        if (failed > 0) b.Note($"{failed} session(s) never delivered or timed out.");
        return b.Build();
    }

    public static Report Session(PlayersRun run, NetworkTrace trace, SessionReport s)
    {
        var b = new SectionBuilder($"Session over {trace.Name} (mean {trace.MeanThroughput}, {trace.Length} loop)", "metric", "value");
        b.Row("player", s.Player);
        if (s.Device.Length > 0)
            b.Row("device", s.DeviceMaxBitrate is { } top ? $"{s.Device} (plays up to {top}; --no-device-cap lifts it)" : s.Device);
        b.Row("outcome", s.Outcome.Name());
        b.Row("startup time", s.StartupTime is { } st ? N(st.Seconds, "0.000") + " s" : "-");
        b.Row("stalls", s.StallCount.ToString(Inv));
        b.Row("stall time", N(s.StallTime.Seconds, "0.000") + " s");
        b.Row("rebuffer ratio", N(s.RebufferRatio.Value, "0.000000"));
        b.Row("rebuffer ratio (Sabre: stall / session time)", N(s.SabreRebufferRatio.Value, "0.000000"));
        b.Row("mean bitrate", s.MeanBitrate is { } mean ? N(mean.Kilobits, "0.000") + " kbps" : "- (no segment played)");
        b.Row("time-average bitrate (Sabre)", N(s.TimeAverageBitrate.Kilobits, "0.000") + " kbps");
        b.Row("switches", s.Switches.ToString(Inv));
        b.Row("switches per minute", N(s.SwitchesPerMinute, "0.000"));
        b.Row("total bitrate change (Sabre)", N(s.TotalBitrateChange.Kilobits, "0.0") + " kbps");
        b.Row("time-average score (Sabre)", N(s.TimeAverageScore, "0.000000"));
        b.Row("rampup time (Sabre)", s.RampupTime is { } rt ? N(rt.Seconds, "0.000") + " s" : "never");
        b.Row("segments", s.Segments.ToString(Inv));
        b.Row("bytes delivered", s.BytesDelivered.ToString());
        b.Row("abandoned downloads", s.AbandonedDownloads.ToString(Inv));
        b.Row("session time", N(s.SessionTime.Seconds, "0.000") + " s");
        if (s.MeanLatencyToLive is { } lat) b.Row("mean latency to live", N(lat.Seconds, "0.000") + " s");
        if (s.FinalLatencyToLive is { } fin) b.Row("final latency to live", N(fin.Seconds, "0.000") + " s");
        if (run.Mode == PlayerMode.Live && run.LiveWindow is { } window)
        {
            b.Row($"jumps to the live edge (window {window.ToScenarioString()})", s.LiveSkips.ToString(Inv));
            b.Row("media skipped", N(s.SkippedMedia.Seconds, "0.000") + " s");
        }
        var mix = new SectionBuilder("Time share per rung", "rung", "bitrate", "share");
        for (var q = 0; q < s.RungShare.Length; q++) mix.Row(run.RungName(q), run.Ladder.Rungs[q].ToString(), s.RungShare[q].ToString());
        var title = $"Players: {run.Mode.ToString().ToLowerInvariant()}, {AbrName(run)}{(run.AbandonDownloads ? " + abandonment" : "")}, one session of {run.WatchTime.ToScenarioString()}" +
                    (run.Mode == PlayerMode.Reference ? "" : $", seed {run.Seed.ToString(Inv)}");
        return new Report(title, [b.Build(), mix.Build()]);
    }

    /// <summary>Reference mode over a trace set: one row per trace with Sabre's headline metrics.</summary>
    public static Report ReferenceSet(PlayersRun run, ImmutableArray<ReferenceSession> sessions)
    {
        var b = new SectionBuilder("One Sabre-compatible session per trace", "set", "trace", "time-avg bitrate", "rebuffer ratio (Sabre)", "rebuffer", "stalls", "switches", "score", "rampup");
        foreach (var x in sessions)
        {
            var s = x.Report;
            b.Row(x.Cohort, Path.GetFileName(x.Trace), N(s.TimeAverageBitrate.Kilobits, "0.0") + " kbps", N(s.SabreRebufferRatio.Value, "0.000000"),
                N(s.StallTime.Seconds, "0.000") + " s", s.StallCount.ToString(Inv), s.Switches.ToString(Inv), N(s.TimeAverageScore, "0.0000"),
                s.RampupTime is { } rt ? N(rt.Seconds, "0.000") + " s" : "never");
        }
        return new Report($"Players: reference, {AbrName(run)}{(run.AbandonDownloads ? " + abandonment" : "")}, {sessions.Length.ToString(Inv)} traces, {run.WatchTime.ToScenarioString()} each", [b.Build()]);
    }

    /// <summary>The CSV header of <see cref="ReferenceCsv"/>: Sabre's printed metrics in Sabre's units (kbit/s, s), plus switches.</summary>
    public const string ReferenceHeader = "set,trace,segments,time_average_bitrate_kbps,total_played_bitrate_kbps,rebuffer_ratio,total_rebuffer_s,rebuffer_events,total_play_time_s,switches,total_bitrate_change_kbps,total_log_bitrate_change,played_utility,time_average_score,rampup_time_s,abandoned,startup_s,outcome";

    /// <summary>One line per reference session (invariant culture; rampup empty when never reached; outcome as in JSON: completed, no_throughput, ...).</summary>
    public static string ReferenceCsv(ImmutableArray<ReferenceSession> sessions)
    {
        using var w = new StringWriter(Inv);
        w.Write(ReferenceHeader + "\n");
        static string R(double x) => x.ToString("R", Inv);
        static string Q(string s) => s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
        foreach (var x in sessions)
        {
            var s = x.Report;
            w.Write(string.Join(',', Q(x.Cohort), Q(Path.GetFileName(x.Trace)), s.Segments.ToString(Inv), R(s.TimeAverageBitrate.Kilobits),
                R((s.MeanBitrate?.Kilobits ?? 0) * s.Segments), R(s.SabreRebufferRatio.Value), R(s.StallTime.Seconds), s.StallCount.ToString(Inv),
                R(s.SessionTime.Seconds), s.Switches.ToString(Inv), R(s.TotalBitrateChange.Kilobits), R(s.TotalLogBitrateChange), R(s.PlayedUtility),
                R(s.TimeAverageScore), s.RampupTime is { } rt ? R(rt.Seconds) : "", s.AbandonedDownloads.ToString(Inv),
                s.StartupTime is { } st ? R(st.Seconds) : "", s.Outcome.Name()));
            w.Write('\n');
        }
        return w.ToString();
    }

    /// <summary>The JSON shape of a reference set: the run and one object per trace (base units).</summary>
    public static PlayersReferenceOutput ReferenceJson(PlayersRun run, ImmutableArray<ReferenceSession> sessions) =>
        new(run.Mode, AbrName(run), run.AbandonDownloads, run.WatchTime, run.Ladder.Rungs, run.Ladder.SegmentDuration,
            [.. sessions.Select(x => new PlayersReferenceOutput.Session(x.Cohort, Path.GetFileName(x.Trace), x.Report))]);

    /// <summary>The JSON shape: the run, then overall, per-class and per-device distributions (base units).</summary>
    public static PlayersOutput Json(PlayersRun run, PopulationResult r) =>
        new(run.Mode, AbrName(run), run.AbandonDownloads, run.Viewers, run.Seed, run.WatchTime, run.Ladder.Rungs,
            run.Ladder.SegmentDuration, r.SegmentDecisions, r.Overall, r.Cohorts, r.Devices);
}

/// <summary>What <c>players --format json</c> writes: the run, then overall, per-class and per-device distributions (base units).</summary>
internal sealed record PlayersOutput(PlayerMode Mode, string Abr, bool AbandonDownloads, int Viewers, ulong Seed, Duration WatchTime,
    ImmutableArray<Bitrate> Ladder, Duration SegmentDuration, long SegmentDecisions, GroupSummary Overall,
    ImmutableArray<GroupSummary> Cohorts, ImmutableArray<GroupSummary> Devices);

/// <summary>What <c>players --mode reference --traces DIR --format json</c> writes: the run and one Sabre-compatible session per trace.</summary>
internal sealed record PlayersReferenceOutput(PlayerMode Mode, string Abr, bool AbandonDownloads, Duration WatchTime,
    ImmutableArray<Bitrate> Ladder, Duration SegmentDuration, ImmutableArray<PlayersReferenceOutput.Session> Sessions)
{
    /// <summary>One trace's session: its set (network class), file name and Sabre's metrics.</summary>
    public sealed record Session(string Set, string Trace, SessionReport Report);
}
