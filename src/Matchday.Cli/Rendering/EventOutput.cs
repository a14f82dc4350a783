using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Matchday.Core.Text;
using Matchday.Core.Units;
using Matchday.Simulation.Events;

namespace Matchday.Cli.Rendering;

/// <summary>The simulator's outputs: a readable summary, a JSON summary, and a directory of CSV series and PNG charts.</summary>
internal static class EventOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What <c>--format json</c> prints and summary.json holds: the verdicts, budget, hotspots and timeline (the series go to --out-dir).</summary>
    public sealed record SummaryDto(string Scenario, string Stage, ulong Seed, CapacitySource Capacity, Duration Simulated, int Ticks, Ratio Availability, Duration Downtime,
        Ratio BudgetUsed, Duration ErrorBudget, ViewerCount PeakDemand, ViewerCount PeakPlaying, ViewerCount PeakStalled, ViewerCount PeakAbandoned, ViewerCount PeakLeft, Bitrate PeakEgress,
        int PeakOriginReplicas, Rate PeakFailedJoins, ViewerCount TurnedAway, bool AllMet, ImmutableArray<SloDto> Slos, ImmutableArray<HotspotDto> Hotspots, ImmutableArray<IncidentDto> Timeline,
        PlayersDto? Players);

    /// <summary>The sampled players, when the night had any: sessions, how many gave up or never started, the bitrate they played, the ABR decisions made.</summary>
    public sealed record PlayersDto(int Sessions, int Abandoned, int NeverStarted, Bitrate MeanBitrate, long SegmentDecisions);

    /// <summary>
    /// One verdict as data: <c>target</c> and <c>measured</c> in <c>unit</c> (fraction, seconds or per_minute); <c>measured</c>
    /// is null when it has no finite value (startup p95 when more than 5% never started). From sampled players, <c>low</c> and
    /// <c>high</c> bound it with 95% confidence (null: unbounded, or a fleet verdict) and <c>uncertain</c> says the target lies
    /// between them. <c>detail</c> says how it was measured.
    /// </summary>
    public sealed record SloDto(SloObjective Objective, VerdictSource Source, SloUnit Unit, double Target, double? Measured, double? Low, double? High,
        bool Met, bool Uncertain, string Detail);

    /// <summary>An edge where viewers were failed: unserved viewer-hours, and peak demand over capacity (null when the edge was down).</summary>
    public sealed record HotspotDto(string Cell, double UnservedViewerHours, double? PeakUtilization, bool Down);

    /// <summary>A timeline entry: seconds from the start of the timeline, its kind, what happened.</summary>
    public sealed record IncidentDto(Duration At, IncidentKind Kind, string Description);

    /// <summary>The people-facing text of a verdict.</summary>
    public sealed record SloText(string Objective, string Target, string Measured, bool Met, string Detail);

    public static SummaryDto Summary(EventResult r)
    {
        var s = r.Series;
        return new SummaryDto(r.Scenario, r.Stage, r.Seed, r.Capacity, Duration.FromSeconds(s.Time[^1]), s.Length, r.Availability, r.Downtime, r.BudgetUsed, r.ErrorBudget,
            ViewerCount.Of(s.Demand.Max()), ViewerCount.Of(s.Playing.Max()), ViewerCount.Of(s.Stalled.Max()), r.PeakAbandoned, r.PeakLeft,
            Bitrate.FromBitsPerSecond(s.Egress.Max()), (int)s.OriginReplicas.Max(), Rate.FromPerSecond(s.FailedJoinsPerSecond.Max()), r.TurnedAway, r.Slos.All(v => v.Met),
            [.. r.Slos.Select(v => new SloDto(v.Objective, v.Source, v.Unit, v.Target, Finite(v.Measured), v.Interval is { } i ? Finite(i.Low) : null,
                v.Interval is { } j ? Finite(j.High) : null, v.Met, v.Uncertain, Slo(r, v).Detail))],
            [.. r.Hotspots.Select(h => new HotspotDto(h.Cell, h.UnservedViewerSeconds / 3600, double.IsFinite(h.PeakUtilization) ? h.PeakUtilization : null, !double.IsFinite(h.PeakUtilization)))],
            [.. r.Timeline.Select(i => new IncidentDto(i.At, i.Kind, i.Description))],
            r.Players is { } p ? new PlayersDto(p.Sessions, p.Abandoned, p.NeverStarted, p.MeanBitrate, p.SegmentDecisions) : null);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;

    /// <summary>A verdict's objective, target, measurement and how it was measured, in words.</summary>
    public static SloText Slo(EventResult r, SloVerdict v)
    {
        var players = v.Source == VerdictSource.Players;
        var name = v.Objective switch
        {
            SloObjective.Availability => "availability",
            SloObjective.LatencyP95 => "latency p95",
            SloObjective.LatencyP99 => "latency p99",
            SloObjective.StartupP95 => "startup p95",
            SloObjective.Rebuffering => "rebuffering",
            SloObjective.QualitySwitches => "quality switches",
        } + (players ? " (players)" : "");
        string Value(double x) => double.IsNaN(x) ? "-" : v.Unit switch
        {
            SloUnit.Fraction => Ratio.FromFraction(x).ToString(),
            SloUnit.Seconds => double.IsPositiveInfinity(x) ? "never (gave up)" : Duration.FromSeconds(x).ToString(),
            SloUnit.PerMinute => $"{Humanize.Number(x, 3)}/min",
        };
        var p = r.Players;
        var measured = Value(v.Measured) + (v.Interval is { } ci && double.IsFinite(v.Measured)
            ? $" (95%: {Value(ci.Low)} to {(double.IsFinite(ci.High) ? Value(ci.High) : "unbounded")})"
            : "");
        var detail = (v.Objective, players) switch
        {
            (SloObjective.Availability, _) => $"{r.Downtime} of downtime-equivalent, {r.BudgetUsed} of the {r.ErrorBudget} budget",
            (SloObjective.LatencyP95 or SloObjective.LatencyP99, _) when double.IsNaN(v.Measured) => "no segment was requested: nothing measured, and not met",
            (SloObjective.LatencyP95, _) => $"segment time to first byte, worst 5-minute window from {r.WorstLatencyWindow}",
            (SloObjective.LatencyP99, _) => $"segment time to first byte, worst 5-minute window from {r.WorstLatencyP99Window}",
            (SloObjective.StartupP95, false) when double.IsNaN(v.Measured) => "no join ended (none started or gave up): nothing measured, and not met",
            (SloObjective.StartupP95, false) => "over every join of the match" + TurnedAway(r),
            (SloObjective.Rebuffering or SloObjective.QualitySwitches, false) when double.IsNaN(v.Measured) => "no viewer played: nothing measured, and not met",
            (SloObjective.Rebuffering, false) => "stalled / (playing + stalled) viewer-seconds",
            (SloObjective.QualitySwitches, false) => "rung changes per playing viewer-minute",
            (SloObjective.StartupP95, true) when double.IsNaN(v.Measured) => string.Create(Inv, $"over {p!.Sessions:N0} sampled sessions: nobody joined, nothing measured, and not met"),
            (SloObjective.StartupP95, true) => string.Create(Inv, $"over {p!.Sessions:N0} sampled sessions, {p.NeverStarted:N0} never started") + TurnedAway(r),
            (SloObjective.Rebuffering or SloObjective.QualitySwitches, true) when double.IsNaN(v.Measured) =>
                string.Create(Inv, $"no sampled session played ({p!.NeverStarted:N0} of {p.Sessions:N0} never started): nothing measured, and not met"),
            (SloObjective.Rebuffering, true) => $"sampled sessions' stall / watch time; mean bitrate played {p!.MeanBitrate}",
            (SloObjective.QualitySwitches, true) => string.Create(Inv, $"per sampled playing minute; {p!.Abandoned:N0} sampled viewers gave up"),
        } + (v.Uncertain ? "; the target is within the 95% interval: sample more sessions to be sure" : "");
        return new SloText(name, Value(v.Target), measured, v.Met, detail);
    }

    /// <summary>"; 5.2% turned away by the token service (never started)" when the token service turned a viewer away who then gave up.</summary>
    private static string TurnedAway(EventResult r) =>
        r.TurnedAway.Value >= 1 ? $"; {r.TurnedAwayShare} turned away by the token service (never started)" : "";

    /// <summary>"asia-pacific/akamai: 5.63M viewer-hours stalled or waiting, peak demand 80% of capacity".</summary>
    public static string Hotspot(Hotspot h) =>
        $"{h.Cell}: {Humanize.Compact(h.UnservedViewerSeconds / 3600)} viewer-hours stalled or waiting, peak demand {(double.IsPositiveInfinity(h.PeakUtilization) ? "with the edge down" : Humanize.Number(h.PeakUtilization * 100, 3) + "% of capacity")}";

    public static string Table(EventResult r, int width, bool color) => Renderers.Table(Report(r, new Commands.Inputs(r.Scenario, [])), width, color);

    /// <summary>The night as report sections: the figures, the verdicts with hotspots, the incident timeline.</summary>
    public static Report Report(EventResult r, Commands.Inputs inputs)
    {
        var s = r.Series;
        var sections = new List<Section>
        {
            new SectionBuilder($"The night: {r.Stage} of {r.Scenario}, seed {r.Seed}, {r.Capacity.ToString().ToLowerInvariant()} capacity", "figure", "value")
                .Row("simulated", $"{Duration.FromSeconds(s.Time[^1])} in {s.Length:N0} ticks")
                .Row("peak demand", ViewerCount.Of(s.Demand.Max()).ToString())
                .Row("peak playing", ViewerCount.Of(s.Playing.Max()).ToString())
                .Row("peak stalled", ViewerCount.Of(s.Stalled.Max()).ToString())
                .Row("gave up (at most at once)", r.PeakAbandoned.ToString())
                .Row("of them left for good", r.PeakLeft.ToString())
                .Row("peak egress delivered", Bitrate.FromBitsPerSecond(s.Egress.Max()).ToString())
                .Row("origin replicas (max)", ((int)s.OriginReplicas.Max()).ToString(Inv))
                .Row("failed joins (peak)", Rate.FromPerSecond(s.FailedJoinsPerSecond.Max()).ToString())
                .Row("turned away, gave up", $"{r.TurnedAway} ({r.TurnedAwayShare} of joins)")
                .Row("availability", $"{r.Availability} ({r.Downtime} of downtime-equivalent)")
                .Row("error budget used", r.BudgetUsed.ToString())
                .Build(),
        };
        var slo = new SectionBuilder("SLOs", "objective", "target", "measured", "verdict", "how");
        foreach (var v in r.Slos.Select(v => Slo(r, v))) slo.Row(v.Objective, v.Target, v.Measured, v.Met ? "met" : "BROKEN", v.Detail);
        foreach (var h in r.Hotspots) slo.Note("Hotspot: " + Hotspot(h));
        sections.Add(slo.Build());
        sections.Add(TimelineSection(r, limit: 60));
        return new Report("Matchday simulation", sections).WithInputs(inputs);
    }

    /// <summary>The incident timeline, the first <paramref name="limit"/> entries (the rest are in timeline.csv).</summary>
    public static Section TimelineSection(EventResult r, int limit)
    {
        var timeline = new SectionBuilder("Incident timeline", "at", "kind", "what");
        foreach (var i in r.Timeline.Take(limit)) timeline.Row(Clock(i.At), Words.Of(i.Kind), i.Description);
        if (r.Timeline.Length > limit) timeline.Note($"{r.Timeline.Length - limit} more in timeline.csv");
        if (r.Timeline.IsEmpty) timeline.Note("Nothing happened: no faults, no alerts.");
        return timeline.Build();
    }

    private static string Clock(Duration d)
    {
        var t = TimeSpan.FromSeconds(Math.Round(d.Seconds));
        return $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
    }

    /// <summary>Writes series.csv, cells.csv, timeline.csv, summary.json and PNG charts into <paramref name="dir"/>, all or nothing.</summary>
    public static void WriteDirectory(EventResult r, NightModel model, Commands.Inputs inputs, string dir)
    {
        Commands.OutputFiles.WriteFolder(dir, "--out-dir", staging =>
        {
            File.WriteAllText(Path.Combine(staging, "series.csv"), SeriesCsv(r));
            File.WriteAllText(Path.Combine(staging, "cells.csv"), CellsCsv(r));
            File.WriteAllText(Path.Combine(staging, "timeline.csv"), TimelineCsv(r));
            File.WriteAllText(Path.Combine(staging, "summary.json"), JsonOutput.Document("simulate", inputs, Summary(r)));
            EventCharts.Write(NightCharts.Of(r, model), staging);
        });
        Console.Error.WriteLine($"wrote {dir.TrimEnd('/')}/ (series.csv, cells.csv, timeline.csv, summary.json, charts)");
    }

    private static string N(double x) => x.ToString("G9", Inv);

    public static string SeriesCsv(EventResult r)
    {
        var s = r.Series;
        var sb = new StringBuilder("time_s,demand,joining,playing,stalled,failed,abandoned,left,failed_joins_per_s,dropout_per_s,egress_bps,latency_p95_s,latency_p99_s,ttfb_mean_s,segment_download_s,origin_rps,origin_replicas,origin_ready,origin_served,auth_load_per_s,auth_rejected_per_s,hit_ratio,mean_bitrate_bps");
        foreach (var rung in r.Rungs) sb.Append(",share_").Append(rung);
        foreach (var region in r.OriginRegions) sb.Append(",origin_rps_").Append(region);
        sb.Append('\n');
        for (var i = 0; i < s.Length; i++)
        {
            sb.AppendJoin(',', new[] { s.Time[i], s.Demand[i], s.Joining[i], s.Playing[i], s.Stalled[i], s.Failed[i], s.Abandoned[i], s.Left[i], s.FailedJoinsPerSecond[i], s.DropoutPerSecond[i],
                s.Egress[i], s.LatencyP95[i], s.LatencyP99[i], s.TtfbMean[i], s.SegmentDownload[i], s.OriginRequests[i], s.OriginReplicas[i], s.OriginReady[i], s.OriginServed[i], s.AuthLoad[i], s.AuthRejectedPerSecond[i], s.HitRatio[i], s.MeanBitrate[i] }.Select(N));
            foreach (var share in s.RungShare) sb.Append(',').Append(N(share[i]));
            foreach (var region in s.OriginRegionRequests) sb.Append(',').Append(N(region[i]));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    public static string CellsCsv(EventResult r)
    {
        var s = r.Series;
        var sb = new StringBuilder("time_s,cell,egress_bps,utilization\n");
        for (var i = 0; i < s.Length; i++)
        {
            for (var k = 0; k < r.Cells.Length; k++)
            {
                var u = s.CellUtilization[k][i];
                sb.Append(N(s.Time[i])).Append(',').Append(r.Cells[k]).Append(',').Append(N(s.CellEgress[k][i])).Append(',').Append(double.IsFinite(u) ? N(u) : "inf").Append('\n');
            }
        }
        return sb.ToString();
    }

    public static string TimelineCsv(EventResult r)
    {
        var sb = new StringBuilder("time_s,kind,description\n");
        foreach (var i in r.Timeline) sb.Append(N(i.At.Seconds)).Append(',').Append(Words.Of(i.Kind)).Append(",\"").Append(i.Description.Replace("\"", "\"\"", StringComparison.Ordinal)).Append("\"\n");
        return sb.ToString();
    }
}
