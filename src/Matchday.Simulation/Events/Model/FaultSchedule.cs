using System.Collections.Immutable;
using Matchday.Core.Planning;
using Matchday.Core.Scenarios;
using Matchday.Core.Units;
using Matchday.Simulation.Dns;
using Matchday.Simulation.Random;

namespace Matchday.Simulation.Events;

/// <summary>
/// Places a night's faults: the given ones, random CDN outages and goals drawn from the seed, each resolved to the cells
/// it touches and given the moments health checks detect it and its recovery (probes at a phase the seed decides).
/// </summary>
internal static class FaultSchedule
{
    /// <summary>The seed streams of the schedule: random faults and probe phases, and goals.</summary>
    private const ulong FaultStream = 7, GoalStream = 11;

    public static ImmutableArray<ScheduledFault> Place(Scenario s, MatchPlan match, NightRequest o, ImmutableArray<FaultSpec> given, HealthCheckPolicy health)
    {
        var regions = s.Regions.Length;
        var cdns = s.Delivery.Cdns.Length;
        var rng = Pcg32.ForComponent(o.Seed, FaultStream);
        var specs = given.ToList();
        var horizon = match.Audience.Ramp.Length * 60.0;
        if (o.RandomCdnOutagesPerHour > 0)
        {
            for (var k = 0; k < regions * cdns; k++)
            {
                for (var t = rng.NextExponential(o.RandomCdnOutagesPerHour / 3600); t < horizon; t += rng.NextExponential(o.RandomCdnOutagesPerHour / 3600))
                {
                    specs.Add(new FaultSpec(FaultKind.CdnOutage, Duration.FromSeconds(Math.Round(t)), o.RandomOutageLength)
                    {
                        Provider = s.Delivery.Cdns[k % cdns].Name,
                        Region = s.Regions[k / cdns].Name,
                    });
                }
            }
        }
        if (o.GoalsPerHour > 0) specs.AddRange(Goals(match, o));

        var names = ScenarioNames.Of(s);
        var placed = ImmutableArray.CreateBuilder<ScheduledFault>(specs.Count);
        foreach (var f in specs.OrderBy(f => f.At.Seconds))
        {
            var start = f.At.Seconds;
            var end = f.For is { } d ? start + d.Seconds : double.PositiveInfinity;
            // An origin-region-loss names an origin region of the failover topology, not a delivery region.
            var originRegion = f.Kind == FaultKind.OriginRegionLoss ? ScenarioNames.IndexOf(names.OriginRegions, f.Region!) : -1;
            var region = f.Region is null || f.Kind == FaultKind.OriginRegionLoss ? -1 : names.FindRegion(f.Region);
            var cdn = f.Provider is null ? -1 : ScenarioNames.IndexOf(names.Cdns, f.Provider);
            var cells = new bool[regions * cdns];
            for (var k = 0; k < cells.Length; k++) cells[k] = (region < 0 || k / cdns == region) && (cdn < 0 || k % cdns == cdn);
            // Health checks probe at a phase the seed decides; recovery is detected the same way.
            var phase = Duration.FromSeconds(rng.NextDouble() * health.Interval.Seconds);
            var detected = health.DetectedAt(f.At, phase).Seconds + o.DnsPropagation.Seconds;
            var recovered = double.IsPositiveInfinity(end) ? end : health.DetectedAt(Duration.FromSeconds(end), phase).Seconds + o.DnsPropagation.Seconds;
            placed.Add(new ScheduledFault(f, start, end, [.. cells], region, originRegion, detected, recovered));
        }
        return placed.MoveToImmutable();
    }

    /// <summary>Goals fall only while the ball is in play (phases of kind play), as a Poisson process per phase.</summary>
    private static List<FaultSpec> Goals(MatchPlan match, NightRequest o)
    {
        var goals = Pcg32.ForComponent(o.Seed, GoalStream);
        var ramp = match.Audience.Ramp;
        var goalSpecs = new List<FaultSpec>();
        for (var first = 0; first < ramp.Length;)
        {
            var last = first;
            while (last + 1 < ramp.Length && ramp[last + 1].Phase == ramp[first].Phase) last++;
            var length = (last - first + 1) * 60.0;
            if (ramp[first].Kind == PhaseKind.Play)
            {
                for (var t = goals.NextExponential(o.GoalsPerHour / 3600); t < length; t += goals.NextExponential(o.GoalsPerHour / 3600))
                    goalSpecs.Add(new FaultSpec(FaultKind.TrafficSurge, Duration.FromSeconds(Math.Round(first * 60 + t)), o.GoalSurgeLength) { Factor = o.GoalSurge });
            }
            first = last + 1;
        }
        return goalSpecs;
    }
}
