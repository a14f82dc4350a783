using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>Objectives that contradict each other, the delivery, or physics.</summary>
internal static class ObjectiveRules
{
    public static readonly AuditRule[] All =
    [
        new("capacity-slo-bandwidth", RuleGroup.Objectives,
            "The capacity objective's bandwidth against the largest match's egress with the headroom buffer.",
            "An objective below the need promises less than the event takes.",
            CapacitySloBandwidth) { Severities = "warning below the buffered need, critical below the need" },
        new("capacity-slo-viewers", RuleGroup.Objectives,
            "The capacity objective's concurrent viewers against the largest match's peak.",
            "The objective must hold the audience the tournament plans for.",
            CapacitySloViewers) { Severities = "error" },
        new("hit-ratio-slo", RuleGroup.Objectives,
            "Each cache hit ratio (assumed, reported, claimed by a CDN) against the hit-ratio objective.",
            "A ratio the scenario itself gives below its objective is a broken objective on paper.",
            HitRatios),
        new("latency-percentiles", RuleGroup.Objectives,
            "The p99 latency objective against the p95 one.",
            "The 99th percentile of any distribution is at least its 95th: a p99 target below the p95 can never be met while the p95 is.",
            LatencyPercentiles) { Severities = "error" },
        new("playlist-refresh", RuleGroup.Objectives,
            "The playlist refresh interval against the segment duration.",
            "A live playlist gains a segment every segment duration; a player that reloads it less often falls behind the live edge and stalls at it.",
            PlaylistRefresh),
        new("glass-to-glass", RuleGroup.Objectives,
            "The glass-to-glass latency objective against three segment durations.",
            "An HLS player starts at least three target durations behind the live edge (RFC 8216, 6.3.3), and a segment exists only once encoded: the latency is at least that.",
            GlassToGlass) { Needs = s => s.Slos.GlassToGlass is null ? "slos.glass_to_glass" : null, Severities = "error" },
        new("timeline-broadcast", RuleGroup.Objectives,
            "Each stage's match-day timeline against the broadcast length the encoders (and recordings) are sized for.",
            "The encoders and the storage are costed for the broadcast: a longer timeline runs past it, unencoded or unpaid for.",
            TimelineBroadcast),
        new("startup-physics", RuleGroup.Objectives,
            "The time the first segment at the lowest rung takes at each network class's typical throughput against the startup objective, for the share of viewers its percentile allows to miss it.",
            "The first frame needs the first segment; no capacity makes a link faster.",
            StartupPhysics) { Severities = "error" },
    ];

    private static IEnumerable<Finding> CapacitySloBandwidth(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var slo = s.Slos.CapacityBandwidth;
        var need = peak.Delivery.PeakEgress;
        if (slo.BitsPerSecond <= 0 || slo >= peak.Delivery.BufferedEgress) yield break;
        var factor = need / slo;
        yield return F(factor > 1 ? Severity.Critical : Severity.Warning,
            "The bandwidth objective is below what the peak needs",
            $"The capacity SLO promises {slo}; the {peak.Stage.Name} needs {need} ({peak.Delivery.BufferedEgress} with the {peak.Delivery.Buffer} buffer), {Times(factor)} the objective{(factor >= 100 ? $", {Math.Floor(Math.Log10(factor))} orders of magnitude" : "")}.",
            $"{peak.Audience.Peak} x {peak.Delivery.AverageBitrate} = {need}; {need} / {slo} = {Times(factor)}",
            new Figure("SLO bandwidth", slo.ToString("Gbps"), "slos.capacity.bandwidth"),
            new Figure("peak egress", need.ToString(), "derived"));
    }

    private static IEnumerable<Finding> CapacitySloViewers(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var slo = s.Slos.CapacityViewers;
        var largest = peak.Audience.Peak;
        if (slo.Value <= 0 || slo >= largest) yield break;
        yield return F(Severity.Error, "The viewer objective is below the largest match",
            $"The capacity SLO holds {slo} concurrent viewers; the {peak.Stage.Name} peaks at {largest}.",
            $"{slo} < {largest}", new Figure("SLO viewers", slo.ToString(), "slos.capacity.viewers"),
            new Figure("peak", largest.ToString(), $"tournament.stages[{s.Tournament.Stages.IndexOf(peak.Stage)}].peak_viewers"));
    }

    private static IEnumerable<Finding> HitRatios(AuditContext c)
    {
        var s = c.Scenario;
        var min = s.Slos.CapacityHitRatio;
        var checks = new List<(string What, Ratio Value, string Source)> { ("assumed hit ratio", s.Origins.AssumedHitRatio, "origins.assumed_hit_ratio") };
        if (s.Reported.CacheHitRatio is { } rep) checks.Add(("reported hit ratio", rep, "reported.cache_hit_ratio"));
        checks.AddRange(s.Delivery.Cdns.Select((x, i) => (x, i)).Where(x => x.x.CacheHitRatio is not null).Select(x => ($"{x.x.Name}'s claimed hit ratio", x.x.CacheHitRatio!.Value, $"delivery.cdns[{x.i}].cache_hit_ratio")));
        foreach (var (what, value, source) in checks.Where(x => x.Value < min))
        {
            yield return F(Severity.Warning, "A cache hit ratio is below its objective",
                $"The {what} is {value}, below the {min} objective.", $"{value} < {min}",
                new Figure(what, value.ToString(), source), new Figure("objective", min.ToString(), "slos.capacity.cache_hit_ratio"));
        }
    }

    private static IEnumerable<Finding> LatencyPercentiles(AuditContext c)
    {
        var s = c.Scenario.Slos;
        if (s.LatencyP99 >= s.LatencyP95) yield break;
        yield return F(Severity.Error, "The p99 latency target is below the p95",
            $"The p99 latency objective is {s.LatencyP99}, below the p95's {s.LatencyP95}: a 99th percentile is never below the 95th, so meeting the p95 at {s.LatencyP95} breaks the p99.",
            $"{s.LatencyP99} < {s.LatencyP95}",
            new Figure("p99", s.LatencyP99.ToString(), "slos.latency_p99"), new Figure("p95", s.LatencyP95.ToString(), "slos.latency_p95"));
    }

    private static IEnumerable<Finding> PlaylistRefresh(AuditContext c)
    {
        var d = c.Scenario.Delivery;
        if (d.PlaylistRefresh <= d.SegmentDuration * 1.0001) yield break;
        yield return F(Severity.Warning, "Players reload the playlist less often than segments appear",
            $"A new {d.SegmentDuration} segment appears every {d.SegmentDuration}, but players reload the playlist every {d.PlaylistRefresh}: each reload finds {d.PlaylistRefresh / d.SegmentDuration:0.#} new segments and the player drifts behind the live edge (HLS clients reload every target duration).",
            $"{d.PlaylistRefresh} > {d.SegmentDuration}",
            new Figure("playlist refresh", d.PlaylistRefresh.ToString(), "delivery.playlist_refresh"), new Figure("segment", d.SegmentDuration.ToString(), "delivery.segment_duration"));
    }

    private static IEnumerable<Finding> GlassToGlass(AuditContext c)
    {
        var s = c.Scenario;
        var objective = s.Slos.GlassToGlass!.Value;
        var floor = s.Delivery.SegmentDuration * 3;
        if (objective >= floor) yield break;
        yield return F(Severity.Error, "The glass-to-glass objective is below what the segments allow",
            $"With {s.Delivery.SegmentDuration} segments a player starts at least three segments ({floor}) behind the live edge, before any encoding or delivery time; the glass-to-glass objective is {objective}. Shorter segments (or low-latency parts) would.",
            $"3 x {s.Delivery.SegmentDuration} = {floor} > {objective}",
            new Figure("objective", objective.ToString(), "slos.glass_to_glass"), new Figure("segment", s.Delivery.SegmentDuration.ToString(), "delivery.segment_duration"));
    }

    private static IEnumerable<Finding> TimelineBroadcast(AuditContext c)
    {
        var t = c.Scenario.Tournament;
        var longer = t.Stages.Select(st => (st, Length: t.MatchLength(st.Name))).Where(x => x.Length > t.MatchBroadcast * 1.0001).ToList();
        if (longer.Count == 0) yield break;
        yield return F(Severity.Warning, "The match-day timeline is longer than the broadcast",
            $"The encoders and recordings are sized for a {t.MatchBroadcast} broadcast, but {string.Join(", ", longer.Select(x => $"the {x.st.Name}'s timeline lasts {x.Length}"))}: the audience the plan counts past {t.MatchBroadcast} is served by encoders that are not costed.",
            string.Join("; ", longer.Select(x => $"{x.Length} > {t.MatchBroadcast}")),
            new Figure("broadcast", t.MatchBroadcast.ToString(), "tournament.match_broadcast"), new Figure("timeline", longer.Max(x => x.Length).ToString(), "tournament.timeline"));
    }

    private static IEnumerable<Finding> StartupPhysics(AuditContext c)
    {
        var s = c.Scenario;
        if (s.Ladder.Rungs.IsDefaultOrEmpty || s.Audience.Networks.IsDefaultOrEmpty) yield break;
        var first = s.Ladder.Rungs[0].Bitrate * s.Delivery.SegmentDuration;
        var total = s.Audience.Networks.Sum(n => n.Share.Value);
        var slow = s.Audience.Networks.Select((n, i) => (n, i, Time: first / NetworkClasses.TypicalThroughput(n)))
            .Where(x => x.Time > s.Slos.StartupP95).ToList();
        var share = total > 0 ? slow.Sum(x => x.n.Share.Value) / total : 0;
        if (share <= 0.05 + 1e-9) yield break;
        yield return F(Severity.Error, "The startup objective is out of reach for too many viewers",
            $"The first {s.Delivery.SegmentDuration} segment at the lowest rung is {first}; {string.Join(", ", slow.Select(x => $"{x.n.Name} ({Pct(x.n.Share.Value / total)}) needs {x.Time}"))}: {Pct(share)} of viewers start slower than the {s.Slos.StartupP95} p95 objective allows (5%). Shorter segments or a lower first rung would.",
            string.Join("; ", slow.Select(x => $"{first} / {NetworkClasses.TypicalThroughput(x.n)} = {x.Time}")),
            [.. slow.Select(x => new Figure(x.n.Name, x.Time.ToString(), $"audience.networks[{x.i}]")), new Figure("objective", s.Slos.StartupP95.ToString(), "slos.startup_p95")]);
    }
}
