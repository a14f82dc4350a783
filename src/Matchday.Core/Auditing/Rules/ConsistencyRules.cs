using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>Figures of the scenario that must agree with each other.</summary>
internal static class ConsistencyRules
{
    public static readonly AuditRule[] All =
    [
        new("region-audience-sum", RuleGroup.Consistency,
            "The regions' declared peak viewers, summed, against the peak of the largest stage (the match regional figures describe).",
            "The plan gives each region its share of the sum, times the stage's peak: regions that do not add up to the peak leave every regional figure scaled by the same unknown error.",
            RegionAudienceSum)
        {
            Needs = s => s.Regions.Any(r => r.Viewers is not null) ? null : "regions[].viewers (the regions are given as shares)",
            Severities = "warning beyond 0.5%, error beyond 5%",
        },
        new("shares-sum", RuleGroup.Consistency,
            "Each set of shares (device profiles, network classes, CDN traffic, regional shares, reported cost shares) against 100%.",
            "The plan scales shares to sum to 100%; shares that do not are a typo or a missing entry.",
            SharesSum) { Severities = "warning" },
        new("reported-peak-viewers", RuleGroup.Consistency,
            "The reported peak concurrent viewers against the peak of the largest stage.",
            "The plan sizes everything for the stages' peaks; a reported peak that differs says one of the two is wrong.",
            ReportedPeak) { Needs = s => s.Reported.PeakViewers is null ? "reported.peak_viewers" : null, Severities = "warning beyond 0.5%, error beyond 5%" },
        new("edge-server-capacity", RuleGroup.Consistency,
            "A region's edge servers × the per-server capacity against the capacity it declares.",
            "Two figures for one fleet: the plan uses the capacity; the simulator's scenario capacity splits it over the servers.",
            EdgeServerCapacity) { Severities = "warning beyond 10%" },
        new("dr-origins", RuleGroup.Consistency,
            "The origins of the failover regions, summed, against the origin fleet.",
            "The DR topology and the fleet the plan sizes and costs must be the same servers.",
            DrOrigins) { Needs = s => s.Failover.Regions.IsDefaultOrEmpty ? "failover.regions" : null },
        new("autoscaling-bounds", RuleGroup.Consistency,
            "The deployed origin count against the HPA's minimum and maximum replicas.",
            "An HPA keeps replicas within its bounds: a fleet outside them is not the fleet the HPA runs.",
            AutoscalingBounds),
        new("failover-roles", RuleGroup.Consistency,
            "The origin regions' roles: exactly one primary.",
            "Failover goes from the primary to the secondary; none or two primaries leave it undefined.",
            FailoverRoles) { Needs = s => s.Failover.Regions.IsDefaultOrEmpty ? "failover.regions" : null },
        new("region-population", RuleGroup.Consistency,
            "A region's audience at the peak (declared, or its share of the peak) against its population and its subscribers.",
            "No region watches with more people than live in it, nor a subscription service with more viewers than subscribers.",
            RegionPopulation)
        {
            Needs = s => s.Regions.Any(r => r.Population is not null || r.Subscribers is not null) ? null : "regions[].population or regions[].subscribers",
            Severities = "error",
        },
        new("cdn-committed-sum", RuleGroup.Consistency,
            "The capacity the CDNs commit in a region, summed, against the region's edge capacity.",
            "The region's edge capacity is its CDNs' edges: what they commit there and what the region declares are one figure twice.",
            CommittedSum) { Needs = s => s.Delivery.Cdns.Any(c => !c.Committed.IsEmpty) ? null : "delivery.cdns[].committed", Severities = "warning beyond 10%" },
        new("codec-alternatives", RuleGroup.Consistency,
            "Each alternative codec against the ladder's own codec and the other alternatives.",
            "An alternative's saving is against the ladder's codec: the ladder's own codec saving anything, or one codec with two savings, makes the plan's what-if egress a contradiction.",
            CodecAlternatives) { Severities = "warning" },
    ];

    private static Stage Largest(Scenario s) => s.Tournament.Stages.MaxBy(x => x.PeakViewers.Value)!;

    private static IEnumerable<Finding> RegionAudienceSum(AuditContext c)
    {
        var s = c.Scenario;
        var sum = s.Regions.Sum(r => r.Viewers?.Value ?? 0);
        var stage = Largest(s);
        var peak = stage.PeakViewers.Value;
        var factor = sum / peak;
        if (Math.Abs(factor - 1) <= 0.005) yield break;
        var terms = string.Join(" + ", s.Regions.Select(r => (r.Viewers ?? ViewerCount.Zero).ToString()));
        var first = s.Regions[0];
        yield return F(Math.Abs(factor - 1) > 0.05 ? Severity.Error : Severity.Warning,
            "Regional audiences do not add up to the peak",
            $"The regions' audiences sum to {ViewerCount.Of(sum)} against a peak of {ViewerCount.Of(peak)} ({Pct(Math.Abs(factor - 1))} {OverUnder(sum, peak)}), the {stage.Name}'s; the plan gives each region its share of the sum times the peak ({first.Name}: {first.Viewers} x {ViewerCount.Of(peak)} / {ViewerCount.Of(sum)} = {ViewerCount.Of((first.Viewers?.Value ?? 0) * peak / sum)}).",
            $"{terms} = {ViewerCount.Of(sum)}; {ViewerCount.Of(sum)} / {ViewerCount.Of(peak)} = {factor:0.000}",
            [.. s.Regions.Select((r, i) => new Figure(r.Name, (r.Viewers ?? ViewerCount.Zero).ToString(), $"regions[{i}].viewers")),
                new Figure("peak", ViewerCount.Of(peak).ToString(), $"tournament.stages[{s.Tournament.Stages.IndexOf(stage)}].peak_viewers")]);
    }

    private static IEnumerable<Finding> SharesSum(AuditContext c)
    {
        var s = c.Scenario;
        var groups = new (string Field, string What, double[] Shares)[]
        {
            ("audience.devices", "device-profile shares", [.. s.Audience.Devices.Select(d => d.Share.Value)]),
            ("audience.networks", "network-condition shares", [.. s.Audience.Networks.Select(d => d.Share.Value)]),
            ("delivery.cdns", "CDN traffic shares", [.. s.Delivery.Cdns.Select(d => d.Traffic.Value)]),
            ("regions", "regional shares", [.. s.Regions.Where(r => r.Share is not null).Select(r => r.Share!.Value.Value)]),
            ("reported.cost_shares", "reported cost shares", [.. s.Reported.CostShares.Values.Select(v => v.Value)]),
        };
        foreach (var (field, what, shares) in groups)
        {
            if (shares.Length == 0) continue;
            var sum = shares.Sum();
            if (Arithmetic.SumsToOne(sum)) continue;
            yield return F(Severity.Warning, $"The {what} do not sum to 100%",
                $"The {what} sum to {Pct(sum)}; the plan scales them to 100%.",
                $"{string.Join(" + ", shares.Select(Pct))} = {Pct(sum)}",
                new Figure(what, Pct(sum), field));
        }
    }

    private static IEnumerable<Finding> ReportedPeak(AuditContext c)
    {
        var s = c.Scenario;
        var reported = s.Reported.PeakViewers!.Value;
        var stage = Largest(s);
        var f = reported.Value / stage.PeakViewers.Value;
        if (Math.Abs(f - 1) <= 0.005) yield break;
        yield return F(Math.Abs(f - 1) > 0.05 ? Severity.Error : Severity.Warning, "The reported peak is not the largest stage's",
            $"The reported peak is {reported}; the {stage.Name}, the largest stage, peaks at {stage.PeakViewers} ({Pct(Math.Abs(f - 1))} {OverUnder(reported.Value, stage.PeakViewers.Value)}). The plan sizes for the stage's figure.",
            $"{reported} / {stage.PeakViewers} = {f:0.000}",
            new Figure("reported", reported.ToString(), "reported.peak_viewers"),
            new Figure(stage.Name, stage.PeakViewers.ToString(), $"tournament.stages[{s.Tournament.Stages.IndexOf(stage)}].peak_viewers"));
    }

    private static IEnumerable<Finding> EdgeServerCapacity(AuditContext c)
    {
        var s = c.Scenario;
        var per = s.Delivery.ServerCapacity;
        for (var i = 0; i < s.Regions.Length; i++)
        {
            var r = s.Regions[i];
            var fromServers = per * r.EdgeServers;
            if (Factor(fromServers.BitsPerSecond, r.Capacity.BitsPerSecond) <= 1.1) continue;
            var each = r.Capacity / r.EdgeServers;
            yield return F(Severity.Warning, $"{r.Name}: servers and capacity disagree",
                $"{r.Name} declares {N(r.EdgeServers)} edge servers and {r.Capacity}: {each} per server, not the {per} each server is said to carry ({fromServers} in all).",
                $"{r.Capacity} / {N(r.EdgeServers)} = {each}; {N(r.EdgeServers)} x {per} = {fromServers}",
                new Figure("capacity", r.Capacity.ToString(), $"regions[{i}].capacity"), new Figure("servers", N(r.EdgeServers), $"regions[{i}].edge_servers"),
                new Figure("per-server capacity", per.ToString(), "delivery.server_capacity"));
        }
    }

    private static IEnumerable<Finding> DrOrigins(AuditContext c)
    {
        var s = c.Scenario;
        var sum = s.Failover.Regions.Sum(r => r.Origins);
        if (sum == s.Origins.Count) yield break;
        yield return F(Severity.Warning, "Failover regions and the origin fleet disagree",
            $"The failover regions hold {N(sum)} origins; the fleet has {N(s.Origins.Count)}.",
            $"{string.Join(" + ", s.Failover.Regions.Select(r => r.Origins))} = {N(sum)} vs {N(s.Origins.Count)}",
            new Figure("regions", N(sum), "failover.regions"), new Figure("fleet", N(s.Origins.Count), "origins.count"));
    }

    private static IEnumerable<Finding> AutoscalingBounds(AuditContext c)
    {
        var s = c.Scenario;
        var a = s.Autoscaling;
        if (s.Origins.Count >= a.MinReplicas && s.Origins.Count <= a.MaxReplicas) yield break;
        yield return F(Severity.Warning, "Origin count outside the HPA's bounds",
            $"{N(s.Origins.Count)} origins are deployed; the HPA keeps between {N(a.MinReplicas)} and {N(a.MaxReplicas)}.",
            $"{N(s.Origins.Count)} not in [{N(a.MinReplicas)}, {N(a.MaxReplicas)}]",
            new Figure("origins", N(s.Origins.Count), "origins.count"), new Figure("min", N(a.MinReplicas), "autoscaling.min_replicas"), new Figure("max", N(a.MaxReplicas), "autoscaling.max_replicas"));
    }

    private static IEnumerable<Finding> FailoverRoles(AuditContext c)
    {
        var regions = c.Scenario.Failover.Regions;
        var primaries = regions.Count(r => r.Role == OriginRole.Primary);
        if (primaries == 1) yield break;
        yield return F(Severity.Warning, primaries == 0 ? "No origin region is primary" : "More than one origin region is primary",
            $"{primaries} of the {regions.Length} origin regions are primary ({string.Join(", ", regions.Select(r => $"{r.Name}: {Text.Words.Of(r.Role)}"))}); failover needs exactly one to leave.",
            $"{primaries} primary",
            [.. regions.Select((r, i) => new Figure(r.Name, Text.Words.Of(r.Role), $"failover.regions[{i}].role"))]);
    }

    private static IEnumerable<Finding> RegionPopulation(AuditContext c)
    {
        var s = c.Scenario;
        var peak = c.Peak.Audience;
        for (var i = 0; i < s.Regions.Length; i++)
        {
            var r = s.Regions[i];
            var audience = r.Viewers ?? peak.Regions[i].Peak;
            var source = r.Viewers is not null ? $"regions[{i}].viewers" : $"regions[{i}].share";
            foreach (var (bound, what, field) in new[] { (r.Population, "population", $"regions[{i}].population"), (r.Subscribers, "subscribers", $"regions[{i}].subscribers") })
            {
                if (bound is not { } b || audience.Value <= b.Value * 1.0001) continue;
                yield return F(Severity.Error, $"{r.Name}: more viewers than {what}",
                    $"{r.Name}'s audience at the {c.Peak.Stage.Name}'s peak is {audience}{(r.Viewers is null ? $" ({r.Share} of {peak.Peak})" : "")}, more than its {b} {what} ({Times(audience.Value / b.Value)}).",
                    r.Viewers is null ? $"{r.Share} x {peak.Peak} = {audience} > {b}" : $"{audience} > {b}",
                    new Figure("audience", audience.ToString(), source), new Figure(what, b.ToString(), field));
            }
        }
    }

    private static IEnumerable<Finding> CodecAlternatives(AuditContext c)
    {
        var s = c.Scenario;
        var ladder = Text.Words.Of(s.Ladder.Codec);
        var codecs = s.Encoding.Codecs;
        for (var i = 0; i < codecs.Length; i++)
        {
            var x = codecs[i];
            var name = Text.Words.Of(x.Codec);
            if (x.Codec == s.Ladder.Codec && x.Saving.Value > 0)
                yield return F(Severity.Warning, $"{name} saves against itself",
                    $"The ladder is encoded in {ladder}, and {name} is listed as an alternative saving {x.Saving} of the bitrate against it: a codec saves nothing against itself.",
                    $"{name} vs {ladder}: {x.Saving} saved",
                    new Figure("ladder", ladder, "ladder.codec"), new Figure(name, x.Saving.ToString(), $"encoding.codecs[{i}].saving"));
            var first = codecs.IndexOf(codecs.First(y => y.Codec == x.Codec));
            if (first < i && codecs[first].Saving != x.Saving)
                yield return F(Severity.Warning, $"{name} is listed twice",
                    $"{name} is listed as an alternative twice, saving {codecs[first].Saving} and {x.Saving}: which one the plan's what-if egress uses is undefined.",
                    $"{codecs[first].Saving} vs {x.Saving}",
                    new Figure("first", codecs[first].Saving.ToString(), $"encoding.codecs[{first}].saving"), new Figure("second", x.Saving.ToString(), $"encoding.codecs[{i}].saving"));
        }
    }

    private static IEnumerable<Finding> CommittedSum(AuditContext c)
    {
        var s = c.Scenario;
        for (var i = 0; i < s.Regions.Length; i++)
        {
            var r = s.Regions[i];
            var carrying = s.Delivery.Cdns.Where(x => x.Traffic.Value > 0).ToList();
            if (carrying.Count == 0 || carrying.Any(x => !x.Committed.ContainsKey(r.Name))) continue;
            var sum = carrying.Aggregate(Bitrate.Zero, (a, x) => a + x.Committed[r.Name]);
            if (Factor(sum.BitsPerSecond, r.Capacity.BitsPerSecond) <= 1.1) continue;
            yield return F(Severity.Warning, $"{r.Name}: the CDNs' commitments and the region's capacity disagree",
                $"The CDNs commit {sum} in {r.Name} ({string.Join(", ", carrying.Select(x => $"{x.Name} {x.Committed[r.Name]}"))}); the region declares {r.Capacity} of edge capacity ({Times(sum / r.Capacity)}).",
                $"{string.Join(" + ", carrying.Select(x => x.Committed[r.Name].ToString()))} = {sum} vs {r.Capacity}",
                [.. carrying.Select(x => new Figure(x.Name, x.Committed[r.Name].ToString(), $"delivery.cdns[{s.Delivery.Cdns.IndexOf(x)}].committed.{r.Name}")),
                    new Figure("region capacity", r.Capacity.ToString(), $"regions[{i}].capacity")]);
        }
    }
}
