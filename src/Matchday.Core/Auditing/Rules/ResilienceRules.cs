using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using static Matchday.Core.Auditing.Rules.AuditText;

namespace Matchday.Core.Auditing.Rules;

/// <summary>What happens when a part fails: a CDN in a region, the primary origin region, the time failover takes.</summary>
internal static class ResilienceRules
{
    public static readonly AuditRule[] All =
    [
        new("cdn-n-minus-one", RuleGroup.Resilience,
            "For each region and CDN: the load the region's other CDNs carry once that CDN fails (theirs plus its, in proportion to their traffic) against what they have committed there.",
            "A CDN fails in a region, not everywhere: its viewers move to the others, which must hold them.",
            NMinusOne)
        {
            Needs = s => s.Delivery.Cdns.Any(c => !c.Committed.IsEmpty) ? null : "delivery.cdns[].committed (each CDN's committed capacity per region)",
            Severities = "error; critical when a region is left with no CDN",
        },
        new("dr-standby-capacity", RuleGroup.Resilience,
            "The origin region that takes over (the secondary, else the tertiary) against the origin load it must then carry: every feed, coalesced.",
            "A standby smaller than the load it inherits turns one region's loss into an outage.",
            DrStandby) { Needs = s => s.Failover.Regions.Any(r => r.Role != OriginRole.Primary) ? null : "failover.regions (a secondary or tertiary)", Severities = "error" },
        new("failover-budget", RuleGroup.Resilience,
            "Failure detection (health-check interval × failure threshold) + the DNS TTL + the standby's activation against the availability objective's whole error budget.",
            "While a failover runs, viewers of the failed part are down: one failover longer than the budget breaks the objective by itself.",
            FailoverBudget) { Severities = "error" },
        new("recovery-time-objective", RuleGroup.Resilience,
            "The same failover time against the recovery-time objective.",
            "The recovery time a topology can achieve is the sum of its steps, not the objective written for it.",
            RecoveryTime) { Needs = s => s.Slos.RecoveryTime is null ? "slos.recovery_time" : null, Severities = "error" },
    ];

    private static IEnumerable<Finding> NMinusOne(AuditContext c)
    {
        var s = c.Scenario;
        var rows = c.Peak.Delivery.NMinusOne;
        var dark = rows.Where(r => !r.HasSurvivors && r.Headroom.BitsPerSecond > 0).ToList();
        if (dark.Count > 0)
        {
            yield return F(Severity.Critical, "A region has no second CDN",
                $"{string.Join("; ", dark.Select(r => $"in {r.Region} only {r.FailedCdn} carries traffic ({r.Headroom} buffered)"))}: if it fails there the region goes dark.",
                string.Join("; ", dark.Select(r => $"{r.Region}: 1 CDN")),
                [.. dark.Select(r => new Figure(r.Region, r.Headroom.ToString(), $"delivery.cdns[{Index(s, r.FailedCdn)}].traffic"))]);
        }
        var shortRows = rows.Where(r => r.HasSurvivors && r.Shortfall is { } sf && sf.BitsPerSecond > 0).ToList();
        if (shortRows.Count == 0) yield break;
        yield return F(Severity.Error, "The other CDNs cannot absorb a CDN's failure",
            string.Join("; ", shortRows.Select(r => $"if {r.FailedCdn} fails in {r.Region}, the others must carry {r.OthersAfter} against {r.OthersCommitted} committed ({r.Shortfall} short)")) + ".",
            string.Join("; ", shortRows.Select(r => $"{r.OthersBefore} + {r.Headroom} = {r.OthersAfter} > {r.OthersCommitted}")),
            [.. shortRows.Select(r => new Figure($"{r.Region} without {r.FailedCdn}", $"{r.OthersAfter} for {r.OthersCommitted}", $"delivery.cdns[{Survivor(s, r)}].committed"))]);
    }

    private static int Index(Scenario s, string cdn) => s.Delivery.Cdns.Select(x => x.Name).ToList().IndexOf(cdn);

    private static int Survivor(Scenario s, CdnFailover r) => s.Delivery.Cdns.Select((x, i) => (x, i)).First(x => x.x.Name != r.FailedCdn && x.x.Traffic.Value > 0).i;

    /// <summary>The region that takes over when the primary fails.</summary>
    private static (OriginRegion Region, int Index) Standby(Scenario s) =>
        s.Failover.Regions.Select((r, i) => (r, i)).Where(x => x.r.Role != OriginRole.Primary).OrderBy(x => x.r.Role).First();

    private static IEnumerable<Finding> DrStandby(AuditContext c)
    {
        var s = c.Scenario;
        var (region, i) = Standby(s);
        var load = c.Peak.Origin.AllFeeds;
        var capacity = region.Capacity ?? s.Origins.Capacity * region.Origins;
        var requests = s.Origins.RequestsPerServer * region.Origins;
        if (capacity >= load.Egress && requests >= load.Requests) yield break;
        yield return F(Severity.Error, $"The {Text.Words.Of(region.Role)} origin region is too small to take over",
            $"If the primary fails, {region.Name} must serve every feed: {load.Egress} and {load.Requests} ({Humanize.Number(load.ServersNeeded)} origin servers); its {N(region.Origins)} origins serve {capacity} and {requests}.",
            $"{(region.Capacity is null ? $"{N(region.Origins)} x {s.Origins.Capacity} = " : "")}{capacity} vs {load.Egress}; {N(region.Origins)} x {s.Origins.RequestsPerServer} = {requests} vs {load.Requests}",
            new Figure(region.Name, $"{capacity}, {requests}", region.Capacity is null ? $"failover.regions[{i}].origins" : $"failover.regions[{i}].capacity"),
            new Figure("origin load", $"{load.Egress}, {load.Requests}", "derived"));
    }

    /// <summary>Detection + DNS TTL + the standby's activation (or the backup origins', whichever is longer).</summary>
    internal static (Duration Total, string Terms) FailoverTime(Scenario s)
    {
        var f = s.Failover;
        var detection = f.HealthCheckInterval * f.FailureThreshold;
        var activation = f.BackupOriginActivation;
        if (f.Regions.Any(r => r.Role != OriginRole.Primary)) activation = Duration.FromSeconds(Math.Max(activation.Seconds, Standby(s).Region.Activation.Seconds));
        return (detection + f.DnsTtl + activation, $"{f.HealthCheckInterval} x {f.FailureThreshold} + {f.DnsTtl} + {activation} = {detection + f.DnsTtl + activation}");
    }

    private static IEnumerable<Finding> FailoverBudget(AuditContext c)
    {
        var s = c.Scenario;
        var budget = c.Plan.Slos.Availability.Budget;
        var (total, terms) = FailoverTime(s);
        if (total <= budget) yield break;
        yield return F(Severity.Error, "One failover takes longer than the whole error budget",
            $"Detecting a failure ({s.Failover.HealthCheckInterval} x {s.Failover.FailureThreshold}), waiting out the {s.Failover.DnsTtl} DNS TTL and activating the standby takes {total}; the {s.Slos.Availability} objective over {s.Slos.Window} allows {budget} of downtime in all ({Times(total / budget)}).",
            $"{terms} > {budget}",
            new Figure("failover", total.ToString(), "failover.health_check_interval"), new Figure("TTL", s.Failover.DnsTtl.ToString(), "failover.dns_ttl"),
            new Figure("error budget", budget.ToString(), "slos.availability"));
    }

    private static IEnumerable<Finding> RecoveryTime(AuditContext c)
    {
        var s = c.Scenario;
        var rto = s.Slos.RecoveryTime!.Value;
        var (total, terms) = FailoverTime(s);
        if (total <= rto) yield break;
        yield return F(Severity.Error, "Failover takes longer than the recovery-time objective",
            $"Detection, the DNS TTL and the standby's activation take {total}; the recovery-time objective is {rto} ({Times(total / rto)}).",
            $"{terms} > {rto}",
            new Figure("failover", total.ToString(), "failover.health_check_interval"), new Figure("objective", rto.ToString(), "slos.recovery_time"));
    }
}
