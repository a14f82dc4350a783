using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;

namespace Matchday.Core.Auditing;

/// <summary>
/// Compares a scenario's figures with each other and with what the model derives from them. Every rule is general:
/// it fires on any scenario with the same kind of contradiction, and shows its arithmetic.
/// </summary>
public static class Auditor
{
    private delegate IEnumerable<Finding> Rule(Scenario s, Plan plan, MatchPlan peak);

    private static readonly Rule[] Rules =
    [
        RegionAudienceSum, SharesSum, ReportedVolume, DeclaredBitrate, CapacitySloBandwidth, RegionalCapacity,
        CapacitySloViewers, EdgeServerCapacity, OriginLoad, HitRatios, ReportedCost, CostShares, EncodingInstances,
        StoredContent, DrOrigins, AbrThroughput, AutoscalingBounds, AuthCapacity, ReportedLatency, StartupPhysics,
    ];

    /// <summary>Every finding, most severe first, in rule order within a severity.</summary>
    public static ImmutableArray<Finding> Run(Scenario s, Plan plan, MatchPlan peak) =>
        [.. Rules.SelectMany(r => r(s, plan, peak)).Select((f, i) => (f, i)).OrderByDescending(x => x.f.Severity).ThenBy(x => x.i).Select(x => x.f)];

    private static Finding F(string rule, Severity sev, string title, string message, string arithmetic, params Figure[] figures) =>
        new(rule, sev, title, message, [.. figures], arithmetic);

    private static string Pct(double x) => Humanize.Percent(x);
    private static string Times(double x) => x >= 10 ? Humanize.Number(x, 3) + "x" : x.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "x";

    /// <summary>Relative disagreement of two positive figures, as a factor ≥ 1.</summary>
    private static double Factor(double a, double b) => a > b ? a / b : b / a;

    private static IEnumerable<Finding> RegionAudienceSum(Scenario s, Plan plan, MatchPlan peak)
    {
        if (!s.Regions.Any(r => r.Viewers is not null)) yield break;
        var sum = s.Regions.Sum(r => r.Viewers?.Value ?? 0);
        var target = s.Reported.PeakViewers?.Value ?? peak.Audience.Peak.Value;
        var factor = sum / target;
        if (Math.Abs(factor - 1) <= 0.005) yield break;
        var terms = string.Join(" + ", s.Regions.Select(r => (r.Viewers ?? ViewerCount.Zero).ToString()));
        yield return F("region-audience-sum", Math.Abs(factor - 1) > 0.05 ? Severity.Error : Severity.Warning,
            "Regional audiences do not add up to the peak",
            $"The regions' audiences sum to {ViewerCount.Of(sum)} against a peak of {ViewerCount.Of(target)} ({Pct(factor - 1)} {(factor > 1 ? "over" : "under")}); the plan normalizes them to shares of the peak.",
            $"{terms} = {ViewerCount.Of(sum)}; {ViewerCount.Of(sum)} / {ViewerCount.Of(target)} = {factor:0.000}",
            new Figure("sum of regions", ViewerCount.Of(sum).ToString(), "regions[].viewers"),
            new Figure("peak", ViewerCount.Of(target).ToString(), s.Reported.PeakViewers is null ? "tournament.stages (largest)" : "reported.peak_viewers"));
    }

    private static IEnumerable<Finding> SharesSum(Scenario s, Plan plan, MatchPlan peak)
    {
        var groups = new (string Field, string What, double[] Shares)[]
        {
            ("audience.devices[].share", "device-profile shares", [.. s.Audience.Devices.Select(d => d.Share.Value)]),
            ("audience.networks[].share", "network-condition shares", [.. s.Audience.Networks.Select(d => d.Share.Value)]),
            ("delivery.cdns[].traffic", "CDN traffic shares", [.. s.Delivery.Cdns.Select(d => d.Traffic.Value)]),
            ("regions[].share", "regional shares", [.. s.Regions.Where(r => r.Share is not null).Select(r => r.Share!.Value.Value)]),
            ("reported.cost_shares", "reported cost shares", [.. s.Reported.CostShares.Values.Select(v => v.Value)]),
        };
        foreach (var (field, what, shares) in groups)
        {
            if (shares.Length == 0) continue;
            var sum = shares.Sum();
            if (Arithmetic.SumsToOne(sum)) continue;
            yield return F("shares-sum", Severity.Warning, $"The {what} do not sum to 100%",
                $"The {what} sum to {Pct(sum)}; the plan scales them to 100%.",
                $"{string.Join(" + ", shares.Select(Pct))} = {Pct(sum)}",
                new Figure(what, Pct(sum), field));
        }
    }

    private static IEnumerable<Finding> ReportedVolume(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.DataTransferred is not { } data || s.Reported.TransferWindow is not { } window) yield break;
        var viewers = s.Reported.PeakViewers ?? peak.Audience.Peak;
        // Even if every peak viewer watched the whole window, each could only have pulled this much.
        var implied = data / window / viewers.Value;
        var mix = peak.Delivery.AverageBitrate;
        var figures = new List<Figure>
        {
            new("data transferred", $"{data} in {window}", "reported.data_transferred, reported.transfer_window"),
            new("implied bitrate per viewer", implied.ToString(), "derived"),
            new("device-mix average", mix.ToString(), "audience.devices"),
        };
        var declared = s.Reported.AverageBitrate;
        if (declared is { } d) figures.Add(new Figure("declared average bitrate", d.ToString(), "reported.average_bitrate"));
        var worst = Math.Max(Factor(implied.BitsPerSecond, mix.BitsPerSecond), declared is { } dd ? Factor(implied.BitsPerSecond, dd.BitsPerSecond) : 1);
        if (worst <= 1.25) yield break;
        var expected = mix * viewers.Value * window;
        yield return F("reported-volume", worst > 2 ? Severity.Error : Severity.Warning,
            "Reported data volume contradicts the bitrates",
            $"{data} in {window} to {viewers} viewers is at most {implied} per viewer, against {(declared is { } x ? $"a declared {x} average and " : "")}the profile mix's {mix}. At the mix's bitrate the same window would carry {expected}.",
            $"{data} x 8 / ({window} x {viewers}) = {implied}; {mix} x {viewers} x {window} = {expected}",
            [.. figures]);
    }

    private static IEnumerable<Finding> DeclaredBitrate(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.AverageBitrate is not { } declared) yield break;
        var mix = peak.Delivery.AverageBitrate;
        var f = Factor(declared.BitsPerSecond, mix.BitsPerSecond);
        if (f <= 1.05) yield break;
        var terms = string.Join(" + ", s.Audience.Devices.Select(d => $"{Pct(d.Share.Value)} x {d.Bitrate}"));
        yield return F("declared-bitrate", f > 1.5 ? Severity.Error : Severity.Warning,
            "Declared average bitrate differs from the device mix",
            $"The reported average bitrate is {declared}; the device profiles average {mix} ({Pct(mix / declared - 1)}). The plan uses the mix.",
            $"{terms} = {mix}",
            new Figure("declared", declared.ToString(), "reported.average_bitrate"), new Figure("device mix", mix.ToString(), "audience.devices"));
    }

    private static IEnumerable<Finding> CapacitySloBandwidth(Scenario s, Plan plan, MatchPlan peak)
    {
        var slo = s.Slos.CapacityBandwidth;
        var need = peak.Delivery.PeakEgress;
        if (slo.BitsPerSecond <= 0 || slo >= peak.Delivery.BufferedEgress) yield break;
        var factor = need / slo;
        yield return F("capacity-slo-bandwidth", factor > 1 ? Severity.Critical : Severity.Warning,
            "The bandwidth objective is below what the peak needs",
            $"The capacity SLO promises {slo}; the {peak.Stage.Name} needs {need} ({peak.Delivery.BufferedEgress} with the {peak.Delivery.Buffer} buffer), {Times(factor)} the objective{(factor >= 100 ? $", {Math.Floor(Math.Log10(factor))} orders of magnitude" : "")}.",
            $"{peak.Audience.Peak} x {peak.Delivery.AverageBitrate} = {need}; {need} / {slo} = {Times(factor)}",
            new Figure("SLO bandwidth", slo.ToString("Gbps"), "slos.capacity.bandwidth"),
            new Figure("peak egress", need.ToString(), "derived"));
    }

    private static IEnumerable<Finding> RegionalCapacity(Scenario s, Plan plan, MatchPlan peak)
    {
        var d = peak.Delivery;
        var total = d.DeployedCapacity;
        if (total >= d.BufferedEgress) yield break;
        var factor = d.PeakEgress / total;
        var worst = d.Regions.MinBy(r => r.CapacityCoverage)!;
        yield return F("regional-capacity", total < d.PeakEgress ? Severity.Critical : Severity.Error,
            "Regional edge capacity cannot carry the peak",
            $"The regions' edge capacity totals {total}; the {peak.Stage.Name} needs {d.PeakEgress} ({d.BufferedEgress} buffered), {Times(factor)} as much. Worst: {worst.Region} has {worst.Capacity} for {worst.Buffered} ({Pct(worst.CapacityCoverage)} covered).",
            $"{string.Join(" + ", s.Regions.Select(r => r.Capacity.ToString()))} = {total}; {d.PeakEgress} / {total} = {Times(factor)}",
            [.. d.Regions.Select(r => new Figure(r.Region, $"{r.Capacity} for {r.Buffered}", "regions[].capacity"))]);
    }

    private static IEnumerable<Finding> CapacitySloViewers(Scenario s, Plan plan, MatchPlan peak)
    {
        var slo = s.Slos.CapacityViewers;
        var largest = peak.Audience.Peak;
        if (slo.Value <= 0 || slo >= largest) yield break;
        yield return F("capacity-slo-viewers", Severity.Error, "The viewer objective is below the largest match",
            $"The capacity SLO holds {slo} concurrent viewers; the {peak.Stage.Name} peaks at {largest}.",
            $"{slo} < {largest}", new Figure("SLO viewers", slo.ToString(), "slos.capacity.viewers"), new Figure("peak", largest.ToString(), "tournament.stages"));
    }

    private static IEnumerable<Finding> EdgeServerCapacity(Scenario s, Plan plan, MatchPlan peak)
    {
        var per = s.Delivery.ServerCapacity;
        foreach (var r in s.Regions)
        {
            var fromServers = per * r.EdgeServers;
            var f = Factor(fromServers.BitsPerSecond, r.Capacity.BitsPerSecond);
            if (f <= 1.1) continue;
            var each = r.Capacity / r.EdgeServers;
            yield return F("edge-server-capacity", Severity.Warning, $"{r.Name}: servers and capacity disagree",
                $"{r.Name} declares {r.EdgeServers} edge servers and {r.Capacity}: {each} per server, not the {per} each server is said to carry ({fromServers} in all).",
                $"{r.Capacity} / {r.EdgeServers} = {each}; {r.EdgeServers} x {per} = {fromServers}",
                new Figure("capacity", r.Capacity.ToString(), $"regions[{r.Name}].capacity"), new Figure("servers", r.EdgeServers.ToString(System.Globalization.CultureInfo.InvariantCulture), $"regions[{r.Name}].edge_servers"),
                new Figure("per-server capacity", per.ToString(), "delivery.server_capacity"));
        }
    }

    private static IEnumerable<Finding> OriginLoad(Scenario s, Plan plan, MatchPlan peak)
    {
        var o = peak.Origin;
        var fixedLoad = o.FixedRatio;
        if (fixedLoad.ServersNeeded > o.Deployed || fixedLoad.ServersNeeded > s.Autoscaling.MaxReplicas)
        {
            yield return F("origin-fixed-ratio", Severity.Critical, "At the assumed hit ratio the origins are overwhelmed",
                $"With a fixed {fixedLoad.HitRatio} hit ratio the origins would serve {fixedLoad.Egress} and {fixedLoad.Requests} at the {peak.Stage.Name}'s peak, needing {Humanize.Number(fixedLoad.ServersNeeded)} servers against {o.Deployed} deployed (HPA maximum {s.Autoscaling.MaxReplicas}). With request coalescing the {o.Fetchers} shields need {o.Coalesced.Egress}, an effective hit ratio of {o.Coalesced.HitRatio}: the fixed ratio is not how live caching behaves, and if caches fail open it is what the origins face.",
                $"{peak.Delivery.PeakEgress} x (1 - {fixedLoad.HitRatio}) = {fixedLoad.Egress}; / {s.Origins.Capacity} = {Humanize.Number(fixedLoad.ServersNeeded)} servers",
                new Figure("origin egress at fixed ratio", fixedLoad.Egress.ToString(), "derived"),
                new Figure("origin capacity", o.DeployedCapacity.ToString(), "origins.count x origins.capacity"),
                new Figure("coalesced origin egress", o.Coalesced.Egress.ToString(), "derived"));
        }
        if (o.Coalesced.ServersNeeded > o.Deployed)
        {
            yield return F("origin-coalesced", Severity.Error, "Even with coalescing the origins are short",
                $"Coalesced shield fills need {Humanize.Number(o.Coalesced.ServersNeeded)} origin servers; {o.Deployed} are deployed.",
                $"max({o.Coalesced.Egress} / {s.Origins.Capacity}, {o.Coalesced.Requests} / {s.Origins.RequestsPerServer})",
                new Figure("needed", Humanize.Number(o.Coalesced.ServersNeeded), "derived"));
        }
    }

    private static IEnumerable<Finding> HitRatios(Scenario s, Plan plan, MatchPlan peak)
    {
        var min = s.Slos.CapacityHitRatio;
        var checks = new List<(string What, Ratio Value, string Source)> { ("assumed hit ratio", s.Origins.AssumedHitRatio, "origins.assumed_hit_ratio") };
        if (s.Reported.CacheHitRatio is { } rep) checks.Add(("reported hit ratio", rep, "reported.cache_hit_ratio"));
        checks.AddRange(s.Delivery.Cdns.Where(c => c.CacheHitRatio is not null).Select(c => ($"{c.Name}'s claimed hit ratio", c.CacheHitRatio!.Value, $"delivery.cdns[{c.Name}].cache_hit_ratio")));
        foreach (var (what, value, source) in checks.Where(c => c.Value < min))
        {
            yield return F("hit-ratio-slo", Severity.Warning, "A cache hit ratio is below its objective",
                $"The {what} is {value}, below the {min} objective.", $"{value} < {min}",
                new Figure(what, value.ToString(), source), new Figure("objective", min.ToString(), "slos.capacity.cache_hit_ratio"));
        }
    }

    private static IEnumerable<Finding> ReportedCost(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.TotalCost is not { } reported || reported.Dollars <= 0) yield break;
        var model = plan.Cost.Total;
        var f = Factor(model.Dollars, reported.Dollars);
        if (f <= 1.25) yield break;
        var cdn = plan.Cost.Category("cdn");
        yield return F("reported-cost", f > 3 ? Severity.Error : Severity.Warning, "Reported cost contradicts the traffic",
            $"The reported tournament cost is {reported}; the model's breakdown totals {model} ({Times(model / reported)}), of which CDN delivery is {cdn} for {plan.Cost.Data}. Cost per viewer-hour: reported {reported / plan.Cost.ViewerTime.ViewerHours} vs {plan.Cost.PerViewerHour} over {plan.Cost.ViewerTime}.",
            $"{string.Join(" + ", CostPlan.Categories.Select(c => plan.Cost.Category(c).ToString()))} = {model}; {plan.Cost.Data} x CDN prices = {cdn}",
            new Figure("reported", reported.ToString(), "reported.total_cost"), new Figure("model", model.ToString(), "derived"));
    }

    private static IEnumerable<Finding> CostShares(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.CostShares.IsEmpty || plan.Cost.Total.Dollars <= 0) yield break;
        var sum = s.Reported.CostShares.Values.Sum(v => v.Value);
        var off = new List<Figure>();
        foreach (var (category, share) in s.Reported.CostShares.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var model = plan.Cost.Category(category) / plan.Cost.Total;
            var declared = share.Value / sum;
            if (Math.Abs(model - declared) > 0.10) off.Add(new Figure(category, $"reported {Pct(declared)}, model {Pct(model)}", "reported.cost_shares." + category));
        }
        var unknown = s.Reported.CostShares.Keys.Where(k => !CostPlan.Categories.Contains(k)).ToList();
        if (unknown.Count > 0)
            yield return F("cost-shares", Severity.Info, "Unknown cost categories", $"Cost shares name {string.Join(", ", unknown)}; the model's categories are {string.Join(", ", CostPlan.Categories)}.", "", [.. unknown.Select(u => new Figure(u, "", "reported.cost_shares"))]);
        if (off.Count > 0)
            yield return F("cost-shares", Severity.Warning, "Reported cost split differs from the model's",
                $"{off.Count} categories differ by more than 10 points between the reported split and the model's breakdown.",
                string.Join("; ", off.Select(f => $"{f.Name}: {f.Value}")), [.. off]);
    }

    private static IEnumerable<Finding> EncodingInstances(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.EncodingInstances is not { } reported) yield break;
        var e = plan.Encoding;
        if (Factor(reported, e.Instances) <= 1.25) yield break;
        yield return F("encoding-instances", Severity.Warning, "Reported encoder count differs from the ladder's needs",
            $"{reported} encoding instances were reported; the ladder needs {Humanize.Number(e.CpuUnits)} CPU units for {e.InputStreams} inputs: {e.CpuInstances} CPU instances of {s.Encoding.VcpusPerInstance} vCPUs or {e.GpuInstances} GPU instances.",
            $"{e.InputStreams} x ({string.Join(" + ", s.Ladder.Rungs.Select(r => Humanize.Number(r.EncodeCost)))}) = {Humanize.Number(e.CpuUnits)} units; / {s.Encoding.VcpusPerInstance} = {e.CpuInstances}",
            new Figure("reported", reported.ToString(System.Globalization.CultureInfo.InvariantCulture), "reported.encoding_instances"), new Figure("derived", e.Instances.ToString(System.Globalization.CultureInfo.InvariantCulture), "derived"));
    }

    private static IEnumerable<Finding> StoredContent(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.StoredContent is not { } reported) yield break;
        var st = plan.Storage;
        if (Factor(reported.Bytes, st.Tournament.Bytes) <= 1.25) yield break;
        yield return F("stored-content", Severity.Warning, "Reported storage differs from the recordings' size",
            $"{reported} of recordings were reported; {st.Matches} matches x {st.PerMatch} (every rung, {s.Tournament.MatchBroadcast} each) make {st.Tournament}.",
            $"{plan.Encoding.Output} x {s.Tournament.MatchBroadcast} = {st.PerMatch}; x {st.Matches} = {st.Tournament}",
            new Figure("reported", reported.ToString(), "reported.stored_content"), new Figure("derived", st.Tournament.ToString(), "derived"));
    }

    private static IEnumerable<Finding> DrOrigins(Scenario s, Plan plan, MatchPlan peak)
    {
        var sum = s.Failover.Regions.Sum(r => r.Origins);
        if (s.Failover.Regions.Length == 0 || sum == s.Origins.Count) yield break;
        yield return F("dr-origins", Severity.Warning, "Failover regions and the origin fleet disagree",
            $"The failover regions hold {sum} origins; the fleet has {s.Origins.Count}.",
            $"{string.Join(" + ", s.Failover.Regions.Select(r => r.Origins))} = {sum} vs {s.Origins.Count}",
            new Figure("regions", sum.ToString(System.Globalization.CultureInfo.InvariantCulture), "failover.regions[].origins"), new Figure("fleet", s.Origins.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "origins.count"));
    }

    private static IEnumerable<Finding> AbrThroughput(Scenario s, Plan plan, MatchPlan peak)
    {
        foreach (var c in plan.Abr.Classes)
        {
            if (c.MaxThroughput is not { } max) continue;
            foreach (var name in c.Rungs.Append(c.DefaultRung).Distinct())
            {
                if (s.Ladder.Find(name) is not { } rung || rung.Bitrate <= max) continue;
                yield return F("abr-throughput", Severity.Warning, $"{c.Network}: a recommended rung exceeds the class's throughput",
                    $"Class {c.Network} tops out at {max}, but its rung {rung.Name} needs {rung.Bitrate}: those players would stall.",
                    $"{rung.Bitrate} > {max}", new Figure(rung.Name, rung.Bitrate.ToString(), "ladder"), new Figure("class maximum", max.ToString(), "audience.networks"));
            }
        }
    }

    private static IEnumerable<Finding> AutoscalingBounds(Scenario s, Plan plan, MatchPlan peak)
    {
        var a = s.Autoscaling;
        if (s.Origins.Count < a.MinReplicas || s.Origins.Count > a.MaxReplicas)
        {
            yield return F("autoscaling-bounds", Severity.Warning, "Origin count outside the HPA's bounds",
                $"{s.Origins.Count} origins are deployed; the HPA keeps between {a.MinReplicas} and {a.MaxReplicas}.",
                $"{s.Origins.Count} not in [{a.MinReplicas}, {a.MaxReplicas}]", new Figure("origins", s.Origins.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "origins.count"));
        }
    }

    private static IEnumerable<Finding> AuthCapacity(Scenario s, Plan plan, MatchPlan peak)
    {
        var sv = peak.Services;
        if (sv.AuthCapacity.PerSecond <= 0 || sv.AuthValidations <= sv.AuthCapacity) yield break;
        yield return F("auth-capacity", Severity.Error, "The join storm exceeds the auth service",
            $"At the {peak.Stage.Name}'s peak join ({peak.Audience.PeakJoinRate} at minute {peak.Audience.PeakJoinMinute}) auth must validate {sv.AuthValidations}; it handles {sv.AuthCapacity} ({Times(sv.AuthValidations / sv.AuthCapacity)}).",
            $"{peak.Audience.PeakJoinRate} x {s.Services.AuthValidationsPerJoin} + viewers / {s.Services.TokenRefresh} = {sv.AuthValidations}",
            new Figure("auth load", sv.AuthValidations.ToString(), "derived"), new Figure("auth capacity", sv.AuthCapacity.ToString(), "services.auth.capacity"));
    }

    /// <summary>
    /// A player's first frame needs its first segment: at the lowest rung that is rung × segment duration of data, at
    /// best at the class's access throughput. When the classes that cannot make the startup objective hold more than
    /// the objective's tail (5% for a p95), no capacity can meet it.
    /// </summary>
    private static IEnumerable<Finding> StartupPhysics(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Ladder.Rungs.IsDefaultOrEmpty || s.Audience.Networks.IsDefaultOrEmpty) yield break;
        var first = s.Ladder.Rungs[0].Bitrate * s.Delivery.SegmentDuration;
        var total = s.Audience.Networks.Sum(n => n.Share.Value);
        var slow = s.Audience.Networks.Select(n => (n, Time: first / NetworkClasses.TypicalThroughput(n)))
            .Where(x => x.Time > s.Slos.StartupP95).ToList();
        var share = slow.Sum(x => x.n.Share.Value) / total;
        if (share <= 0.05 + 1e-9) yield break;
        yield return F("startup-physics", Severity.Error, "The startup objective is out of reach for too many viewers",
            $"The first {s.Delivery.SegmentDuration} segment at the lowest rung is {first}; {string.Join(", ", slow.Select(x => $"{x.n.Name} ({Pct(x.n.Share.Value / total)}) needs {x.Time}"))}: {Pct(share)} of viewers start slower than the {s.Slos.StartupP95} p95 objective allows (5%). Shorter segments or a lower first rung would.",
            string.Join("; ", slow.Select(x => $"{first} / {NetworkClasses.TypicalThroughput(x.n)} = {x.Time}")),
            [.. slow.Select(x => new Figure(x.n.Name, x.Time.ToString(), "audience.networks"))]);
    }

    private static IEnumerable<Finding> ReportedLatency(Scenario s, Plan plan, MatchPlan peak)
    {
        if (s.Reported.LatencyP95 is not { } rep || rep <= s.Slos.LatencyP95) yield break;
        yield return F("reported-latency", Severity.Warning, "Reported latency breaks its objective",
            $"Reported p95 latency {rep} is above the {s.Slos.LatencyP95} objective.", $"{rep} > {s.Slos.LatencyP95}",
            new Figure("reported", rep.ToString(), "reported.latency_p95"), new Figure("objective", s.Slos.LatencyP95.ToString(), "slos.latency_p95"));
    }
}
