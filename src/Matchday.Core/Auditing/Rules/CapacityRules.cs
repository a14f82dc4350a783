using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>What is deployed against what the peak needs, and what physics allows.</summary>
internal static class CapacityRules
{
    public static readonly AuditRule[] All =
    [
        new("regional-capacity", RuleGroup.CapacityAndPhysics,
            "The regions' edge capacity, summed, against the largest match's egress at peak and with the headroom buffer.",
            "The egress of the peak is viewers × the device mix; no CDN can deliver more than its edges carry.",
            RegionalCapacity) { Severities = "error below the buffered need, critical below the need itself" },
        new("region-coverage", RuleGroup.CapacityAndPhysics,
            "Each region's edge capacity against its own buffered egress at peak, when the total is enough.",
            "Viewers are served where they are: a region short of capacity is short however much another region has spare.",
            RegionCoverage) { Severities = "warning below the buffered need, error below the need itself" },
        new("edge-request-capacity", RuleGroup.CapacityAndPhysics,
            "Each region's deployed edge servers × the requests one server answers (at the target utilization) against its viewers' segment and playlist requests with the buffer.",
            "Short segments and frequent playlist reloads multiply requests: servers that carry the bytes may not answer the requests.",
            EdgeRequestCapacity) { Severities = "error below the buffered rate, critical below the rate itself" },
        new("origin-fixed-ratio", RuleGroup.CapacityAndPhysics,
            "The origin servers needed at the scenario's fixed cache hit ratio against those deployed and the HPA's maximum.",
            "A fixed hit ratio makes the origin's load grow with the audience: at a mega-event's scale that is what caches failing open would do.",
            OriginFixedRatio) { Severities = "critical" },
        new("origin-coalesced", RuleGroup.CapacityAndPhysics,
            "The origin servers needed with request coalescing, every feed fetched by every shield, against those deployed.",
            "With coalescing the origin's load is caches × feeds × ladder: a floor no audience size lowers.",
            OriginCoalesced) { Severities = "error" },
        new("hpa-max-below-peak", RuleGroup.CapacityAndPhysics,
            "The origin servers the peak needs with request coalescing (every feed) against the HPA's maximum replicas.",
            "The HPA cannot scale past its maximum: below the need, the peak is capped by configuration.",
            HpaMax) { Severities = "error" },
        new("auth-capacity", RuleGroup.CapacityAndPhysics,
            "Token validations at the peak join minute (joins × validations per join + refreshes) against the auth service's capacity.",
            "Every joining viewer is validated before the first segment: the join storm, not the steady audience, sizes auth.",
            AuthCapacity) { Severities = "error" },
        new("device-above-ladder", RuleGroup.CapacityAndPhysics,
            "Each device profile's bitrate against the ladder's top rung.",
            "No player pulls more than the top rung: the plan's egress (by device) and the simulated players' (by rung) would disagree.",
            DeviceAboveLadder) { Severities = "error" },
        new("top-rung-unreachable", RuleGroup.CapacityAndPhysics,
            "The ladder's top rung against the highest throughput of any network class (its maximum, or the typical throughput of an open-ended class).",
            "A rung no class can sustain is encoded, stored and never watched.",
            TopRungUnreachable) { Severities = "warning" },
        new("abr-throughput", RuleGroup.CapacityAndPhysics,
            "Each network class's recommended rungs against the class's maximum throughput.",
            "A player offered a rung above its link's throughput stalls on it.",
            AbrThroughput) { Severities = "warning" },
        new("lowest-rung-throughput", RuleGroup.CapacityAndPhysics,
            "Each network class's maximum throughput against the ladder's lowest rung.",
            "Below the lowest rung a player cannot keep up at all: those viewers rebuffer whatever the capacity.",
            LowestRung) { Severities = "warning, error when the class is more of the audience than the rebuffering objective allows" },
    ];

    private static IEnumerable<Finding> RegionalCapacity(AuditContext c)
    {
        var (s, d) = (c.Scenario, c.Peak.Delivery);
        var total = d.DeployedCapacity;
        if (total >= d.BufferedEgress) yield break;
        var factor = d.PeakEgress / total;
        var worst = d.Regions.MinBy(r => r.CapacityCoverage)!;
        yield return F(total < d.PeakEgress ? Severity.Critical : Severity.Error,
            "Regional edge capacity cannot carry the peak",
            $"The regions' edge capacity totals {total}; the {c.Peak.Stage.Name} needs {d.PeakEgress} ({d.BufferedEgress} buffered), {Times(factor)} as much. Worst: {worst.Region} has {worst.Capacity} for {worst.Buffered} ({Pct(worst.CapacityCoverage)} covered).",
            $"{string.Join(" + ", s.Regions.Select(r => r.Capacity.ToString()))} = {total}; {d.PeakEgress} / {total} = {Times(factor)}",
            [.. d.Regions.Select((r, i) => new Figure(r.Region, $"{r.Capacity} for {r.Buffered}", $"regions[{i}].capacity"))]);
    }

    private static IEnumerable<Finding> RegionCoverage(AuditContext c)
    {
        var d = c.Peak.Delivery;
        if (d.DeployedCapacity < d.BufferedEgress) yield break; // regional-capacity says it, with the worst region.
        var short_ = d.Regions.Select((r, i) => (r, i)).Where(x => x.r.CapacityCoverage < 1 - 1e-9).ToList();
        if (short_.Count == 0) yield break;
        var unbuffered = short_.Any(x => x.r.Capacity < x.r.Egress);
        yield return F(unbuffered ? Severity.Error : Severity.Warning,
            short_.Count == 1 ? $"{short_[0].r.Region} cannot carry its own peak" : $"{short_.Count} regions cannot carry their own peak",
            $"The regions' capacity ({d.DeployedCapacity}) covers the total buffered need ({d.BufferedEgress}), but {string.Join("; ", short_.Select(x => $"{x.r.Region} has {x.r.Capacity} for {x.r.Buffered} ({Pct(x.r.CapacityCoverage)} covered, {x.r.Buffered - x.r.Capacity} short)"))}.",
            string.Join("; ", short_.Select(x => $"{x.r.Capacity} / {x.r.Buffered} = {Pct(x.r.CapacityCoverage)}")),
            [.. short_.Select(x => new Figure(x.r.Region, $"{x.r.Capacity} for {x.r.Buffered}", $"regions[{x.i}].capacity"))]);
    }

    private static IEnumerable<Finding> EdgeRequestCapacity(AuditContext c)
    {
        var (s, d) = (c.Scenario, c.Peak.Delivery);
        var short_ = d.Regions.Select((r, i) => (r, i)).Where(x => x.r.RequestCapacity < x.r.Requests).ToList();
        if (short_.Count == 0) yield break;
        var buffer = 1 + s.Delivery.HeadroomBuffer.Value;
        var critical = short_.Any(x => x.r.RequestCapacity.PerSecond < x.r.Requests.PerSecond / buffer);
        var needed = short_.Sum(x => x.r.ServersByRequests);
        yield return F(critical ? Severity.Critical : Severity.Error,
            "Edge servers cannot answer the requests",
            $"Each viewer makes {s.Delivery.RequestsPerViewer} ({s.Delivery.SegmentDuration} segments, a playlist every {s.Delivery.PlaylistRefresh}); at {s.Delivery.ServerRequests} per server ({s.Delivery.TargetUtilization} utilization) {string.Join("; ", short_.Select(x => $"{x.r.Region}'s {N(x.r.ServersDeployed)} servers answer {x.r.RequestCapacity} of {x.r.Requests} ({Pct(x.r.RequestCoverage)}; {N(x.r.ServersByRequests)} needed)"))}. In all the short regions need {N(needed)} servers for their requests against {N(short_.Sum(x => (long)x.r.ServersDeployed))}.",
            string.Join("; ", short_.Select(x => $"{N(x.r.ServersDeployed)} x {s.Delivery.ServerRequests} x {s.Delivery.TargetUtilization} = {x.r.RequestCapacity} < {x.r.Viewers} x {buffer:0.##} x {s.Delivery.RequestsPerViewer} = {x.r.Requests}")),
            [.. short_.Select(x => new Figure(x.r.Region, $"{x.r.RequestCapacity} for {x.r.Requests}", $"regions[{x.i}].edge_servers")),
                new Figure("requests per server", s.Delivery.ServerRequests.ToString(), "delivery.server_requests"),
                new Figure("segment duration", s.Delivery.SegmentDuration.ToString(), "delivery.segment_duration")]);
    }

    private static IEnumerable<Finding> OriginFixedRatio(AuditContext c)
    {
        var (s, o, peak) = (c.Scenario, c.Peak.Origin, c.Peak);
        var fixedLoad = o.FixedRatio;
        if (fixedLoad.ServersNeeded <= o.Deployed && fixedLoad.ServersNeeded <= s.Autoscaling.MaxReplicas) yield break;
        yield return F(Severity.Critical, "At the assumed hit ratio the origins are overwhelmed",
            $"With a fixed {fixedLoad.HitRatio} hit ratio the origins would serve {fixedLoad.Egress} and {fixedLoad.Requests} at the {peak.Stage.Name}'s peak, needing {Humanize.Number(fixedLoad.ServersNeeded)} servers against {N(o.Deployed)} deployed (HPA maximum {N(s.Autoscaling.MaxReplicas)}). With request coalescing the {N(o.Fetchers)} shields need {o.AllFeeds.Egress} for {o.Feeds} feed(s), an effective hit ratio of {o.AllFeeds.HitRatio}: the fixed ratio is not how live caching behaves, and if caches fail open it is what the origins face.",
            $"{peak.Delivery.PeakEgress} x (1 - {fixedLoad.HitRatio}) = {fixedLoad.Egress}; / {s.Origins.Capacity} = {Humanize.Number(fixedLoad.ServersNeeded)} servers",
            new Figure("origin egress at fixed ratio", fixedLoad.Egress.ToString(), "derived"),
            new Figure("assumed hit ratio", fixedLoad.HitRatio.ToString(), "origins.assumed_hit_ratio"),
            new Figure("origin capacity", o.DeployedCapacity.ToString(), "origins.count"),
            new Figure("coalesced origin egress", o.AllFeeds.Egress.ToString(), "derived"));
    }

    private static IEnumerable<Finding> OriginCoalesced(AuditContext c)
    {
        var (s, o) = (c.Scenario, c.Peak.Origin);
        var all = o.AllFeeds;
        if (all.ServersNeeded <= o.Deployed) yield break;
        yield return F(Severity.Error, "Even with coalescing the origins are short",
            $"{N(o.Fetchers)} caches fetching {o.Feeds} feed(s) of the whole ladder pull {all.Egress} and {all.Requests} from the origins: {Humanize.Number(all.ServersNeeded)} servers, against {N(o.Deployed)} deployed.",
            $"max({all.Egress} / {s.Origins.Capacity}, {all.Requests} / {s.Origins.RequestsPerServer}) = {Humanize.Number(all.ServersNeeded)}",
            new Figure("needed", Humanize.Number(all.ServersNeeded), "derived"), new Figure("deployed", N(o.Deployed), "origins.count"),
            new Figure("feeds", N(o.Feeds), "encoding.input_streams"));
    }

    private static IEnumerable<Finding> HpaMax(AuditContext c)
    {
        var (s, o) = (c.Scenario, c.Peak.Origin);
        var need = o.AllFeeds.ServersNeeded;
        if (need <= s.Autoscaling.MaxReplicas) yield break;
        yield return F(Severity.Error, "The HPA's maximum is below what the peak needs",
            $"With request coalescing the {c.Peak.Stage.Name}'s peak needs {Humanize.Number(need)} origin servers ({o.AllFeeds.Egress}, {o.AllFeeds.Requests}); {s.Autoscaling.Name} stops at {N(s.Autoscaling.MaxReplicas)} replicas.",
            $"{Humanize.Number(need)} > {N(s.Autoscaling.MaxReplicas)}",
            new Figure("needed", Humanize.Number(need), "derived"), new Figure("max replicas", N(s.Autoscaling.MaxReplicas), "autoscaling.max_replicas"));
    }

    private static IEnumerable<Finding> AuthCapacity(AuditContext c)
    {
        var (s, peak) = (c.Scenario, c.Peak);
        var sv = peak.Services;
        if (sv.AuthCapacity.PerSecond <= 0 || sv.AuthValidations <= sv.AuthCapacity) yield break;
        yield return F(Severity.Error, "The join storm exceeds the auth service",
            $"At the {peak.Stage.Name}'s peak join ({peak.Audience.PeakJoinRate} at minute {peak.Audience.PeakJoinMinute}) auth must validate {sv.AuthValidations}; it handles {sv.AuthCapacity} ({Times(sv.AuthValidations / sv.AuthCapacity)}).",
            $"{peak.Audience.PeakJoinRate} x {s.Services.AuthValidationsPerJoin} + viewers / {s.Services.TokenRefresh} = {sv.AuthValidations}",
            new Figure("auth load", sv.AuthValidations.ToString(), "derived"), new Figure("auth capacity", sv.AuthCapacity.ToString(), "services.auth.capacity"));
    }

    private static IEnumerable<Finding> DeviceAboveLadder(AuditContext c)
    {
        var s = c.Scenario;
        if (s.Ladder.Rungs.IsDefaultOrEmpty) yield break;
        var top = s.Ladder.Rungs[^1];
        for (var i = 0; i < s.Audience.Devices.Length; i++)
        {
            var d = s.Audience.Devices[i];
            if (d.Bitrate <= top.Bitrate * 1.0001) continue;
            yield return F(Severity.Error, $"{d.Name}: pulls more than the top rung",
                $"The {d.Name} profile pulls {d.Bitrate}, above the top rung {top.Name} at {top.Bitrate}: the plan's egress counts {d.Bitrate} for its {Pct(d.Share.Value)} of viewers, but no player can pull more than {top.Bitrate} (the simulated players do not).",
                $"{d.Bitrate} > {top.Bitrate}",
                new Figure(d.Name, d.Bitrate.ToString(), $"audience.devices[{i}].bitrate"), new Figure(top.Name, top.Bitrate.ToString(), $"ladder.rungs[{s.Ladder.Rungs.Length - 1}].bitrate"));
        }
    }

    /// <summary>The most a class's link can sustain: its maximum, or, open-ended, its typical throughput.</summary>
    private static Bitrate Ceiling(NetworkClass n) => n.MaxThroughput ?? NetworkClasses.TypicalThroughput(n);

    private static IEnumerable<Finding> TopRungUnreachable(AuditContext c)
    {
        var s = c.Scenario;
        if (s.Ladder.Rungs.IsDefaultOrEmpty || s.Audience.Networks.IsDefaultOrEmpty) yield break;
        var top = s.Ladder.Rungs[^1];
        var best = s.Audience.Networks.Select((n, i) => (n, i)).MaxBy(x => Ceiling(x.n).BitsPerSecond);
        if (top.Bitrate <= Ceiling(best.n)) yield break;
        yield return F(Severity.Warning, "No network class can carry the top rung",
            $"The top rung {top.Name} needs {top.Bitrate}; the fastest class, {best.n.Name}, reaches {Ceiling(best.n)} ({(best.n.MaxThroughput is null ? "typical throughput of an open-ended class" : "its maximum")}). The rung is encoded and stored for no one.",
            $"{top.Bitrate} > {Ceiling(best.n)}",
            new Figure(top.Name, top.Bitrate.ToString(), $"ladder.rungs[{s.Ladder.Rungs.Length - 1}].bitrate"),
            new Figure(best.n.Name, Ceiling(best.n).ToString(), best.n.MaxThroughput is null ? $"audience.networks[{best.i}].min_throughput" : $"audience.networks[{best.i}].max_throughput"));
    }

    private static IEnumerable<Finding> AbrThroughput(AuditContext c)
    {
        var s = c.Scenario;
        for (var i = 0; i < s.Audience.Networks.Length; i++)
        {
            var n = s.Audience.Networks[i];
            if (n.MaxThroughput is not { } max) continue;
            foreach (var name in n.Rungs.Append(n.DefaultRung).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (s.Ladder.Find(name) is not { } rung || rung.Bitrate <= max) continue;
                yield return F(Severity.Warning, $"{n.Name}: a recommended rung exceeds the class's throughput",
                    $"Class {n.Name} tops out at {max}, but its rung {rung.Name} needs {rung.Bitrate}: those players would stall.",
                    $"{rung.Bitrate} > {max}", new Figure(rung.Name, rung.Bitrate.ToString(), $"ladder.rungs[{s.Ladder.Rungs.IndexOf(rung)}].bitrate"),
                    new Figure("class maximum", max.ToString(), $"audience.networks[{i}].max_throughput"));
            }
        }
    }

    private static IEnumerable<Finding> LowestRung(AuditContext c)
    {
        var s = c.Scenario;
        if (s.Ladder.Rungs.IsDefaultOrEmpty) yield break;
        var lowest = s.Ladder.Rungs[0];
        var total = s.Audience.Networks.Sum(n => n.Share.Value);
        for (var i = 0; i < s.Audience.Networks.Length; i++)
        {
            var n = s.Audience.Networks[i];
            if (n.MaxThroughput is not { } max || max >= lowest.Bitrate) continue;
            var share = total > 0 ? n.Share.Value / total : 0;
            yield return F(share > s.Slos.RebufferingRatio.Value ? Severity.Error : Severity.Warning, $"{n.Name}: below the lowest rung",
                $"Class {n.Name} ({Pct(share)} of viewers) tops out at {max}, below the lowest rung {lowest.Name} at {lowest.Bitrate}: those players rebuffer whatever the capacity{(share > s.Slos.RebufferingRatio.Value ? $", more of the audience than the {s.Slos.RebufferingRatio} rebuffering objective allows" : "")}. A lower first rung would serve them.",
                $"{max} < {lowest.Bitrate}",
                new Figure(n.Name, max.ToString(), $"audience.networks[{i}].max_throughput"), new Figure(lowest.Name, lowest.Bitrate.ToString(), "ladder.rungs[0].bitrate"));
        }
    }
}
