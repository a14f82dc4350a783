using System.Collections.Immutable;
using Matchday.Core.Statistics;
using Matchday.Core.Units;

namespace Matchday.Simulation.Events;

/// <summary>
/// The verdict of a night: each objective measured (availability over viewer-seconds, the worst 5-minute window of
/// p95 latency, startup p95 over every join, rebuffering, switches; and the sampled players' own when there are any),
/// the error budget burned, and the cells where viewers were failed.
/// </summary>
internal static class Verdicts
{
    /// <summary>The seed's latency measurement window: p95 over 5 minutes.</summary>
    public static readonly Duration LatencyWindow = Duration.FromMinutes(5);

    /// <summary>The worst 5-minute window of a per-tick quantile: its quantile over the window's ticks, and where it starts.</summary>
    private static (double Value, double At) WorstWindow(ImmutableArray<double> perTick, ImmutableArray<double> time, double q, double dt)
    {
        var window = Math.Max(1, (int)Math.Round(LatencyWindow.Seconds / dt));
        var worst = 0.0;
        var at = 0.0;
        var slice = new double[window];
        for (var start = 0; start < perTick.Length; start += window)
        {
            var n = Math.Min(window, perTick.Length - start);
            perTick.CopyTo(start, slice, 0, n);
            Array.Sort(slice, 0, n);
            var p = Percentiles.NearestRank(slice.AsSpan(0, n), q);
            if (p > worst) (worst, at) = (p, time[start]);
        }
        // A tick with requests has a latency above zero: none all night means no segment was requested (nobody was
        // admitted), so nothing is measured, and, as for startup, it is not met.
        return worst > 0 ? (worst, at) : (double.NaN, 0);
    }

    public static EventResult Summarize(NightModel m, NightState s, EventSeries series, ImmutableArray<Incident> timeline, PlayerExperience? players = null)
    {
        var slos = m.Scenario.Slos;
        var dt = s.Dt;
        var served = s.ServedSeconds;
        // Availability over the viewers trying to watch: joining, playing, stalled, retrying a rejected join, or waiting to
        // come back after giving up. Those who left for good make no more requests (no platform's SLI counts them); they
        // are counted as viewers lost (gave up) instead of as downtime for the rest of the match.
        var trying = s.DemandSeconds - s.LeftSeconds;
        var availability = trying > 0 ? Math.Min(1, served / trying) : 1;
        var length = Duration.FromSeconds(series.Length * dt);
        var downtime = length * (1 - availability);
        var budget = slos.Window * (1 - slos.Availability.Value);
        var used = budget.Seconds > 0 ? downtime / budget : 0;

        // Latency quantiles over 5-minute windows; the worst window decides.
        var (worstLatency, worstAt) = WorstWindow(series.LatencyP95, series.Time, 0.95, dt);
        var (worstP99, worstP99At) = WorstWindow(series.LatencyP99, series.Time, 0.99, dt);
        var startupP95 = s.Startups.Quantile(0.95);
        // With no viewing (nobody played or stalled) nothing is measured, and, as for startup, it is not met.
        var rebuffer = served + s.StalledSeconds > 0 ? s.StalledSeconds / (served + s.StalledSeconds) : double.NaN;
        var switchRate = served > 0 ? s.Switches / (served / 60) : double.NaN;

        var verdicts = ImmutableArray.CreateBuilder<SloVerdict>();
        verdicts.Add(new(SloObjective.Availability, VerdictSource.Fleet, slos.Availability.Value, availability, availability >= slos.Availability.Value));
        verdicts.Add(new(SloObjective.LatencyP95, VerdictSource.Fleet, slos.LatencyP95.Seconds, worstLatency, worstLatency <= slos.LatencyP95.Seconds));
        verdicts.Add(new(SloObjective.LatencyP99, VerdictSource.Fleet, slos.LatencyP99.Seconds, worstP99, worstP99 <= slos.LatencyP99.Seconds));
        // One verdict per objective. With sampled players, what a viewer experiences (startup, rebuffering, switches) is
        // measured on them, with the sample's interval; the fleet's own figures stay in the series.
        if (players is null)
        {
            // Over every join that ended: started, gave up while joining, or turned away by the token service for good.
            // With none (no join ended), nothing is measured, and it is not met.
            verdicts.Add(new(SloObjective.StartupP95, VerdictSource.Fleet, slos.StartupP95.Seconds, startupP95, startupP95 <= slos.StartupP95.Seconds));
            verdicts.Add(new(SloObjective.Rebuffering, VerdictSource.Fleet, slos.RebufferingRatio.Value, rebuffer, rebuffer <= slos.RebufferingRatio.Value));
            verdicts.Add(new(SloObjective.QualitySwitches, VerdictSource.Fleet, slos.SwitchesPerMinute.PerMinute, switchRate, switchRate <= slos.SwitchesPerMinute.PerMinute));
        }
        else
        {
            verdicts.Add(Sampled(SloObjective.StartupP95, slos.StartupP95.Seconds, players.StartupP95));
            verdicts.Add(Sampled(SloObjective.Rebuffering, slos.RebufferingRatio.Value, players.RebufferingRatio));
            verdicts.Add(Sampled(SloObjective.QualitySwitches, slos.SwitchesPerMinute.PerMinute, players.SwitchesPerMinute));
        }

        var hotspots = Enumerable.Range(0, m.CellCount).Where(k => s.Unserved[k] > 0.001 * served)
            .OrderByDescending(k => s.Unserved[k]).Take(3)
            .Select(k => new Hotspot(m.Cells[k].Name, s.Unserved[k], s.PeakUtilization[k]))
            .ToImmutableArray();

        return new EventResult
        {
            Scenario = m.Scenario.Name,
            Stage = m.Match.Stage.Name,
            Seed = m.Seed,
            Capacity = m.Request.Capacity,
            Cells = [.. m.Cells.Select(c => c.Name)],
            Rungs = m.RungNames,
            OriginRegions = m.Scenario.Failover.Regions.IsDefaultOrEmpty ? ["origin"] : [.. m.Scenario.Failover.Regions.Select(r => r.Name)],
            Series = series,
            Timeline = timeline,
            Slos = verdicts.ToImmutable(),
            Availability = Ratio.FromFraction(availability),
            Downtime = downtime,
            ErrorBudget = budget,
            BudgetUsed = Ratio.FromFraction(used),
            PeakAbandoned = ViewerCount.Of(s.PeakAbandoned),
            PeakLeft = ViewerCount.Of(series.Left.Max()),
            TurnedAway = ViewerCount.Of(s.TurnedAway),
            TurnedAwayShare = Ratio.FromFraction(EventSimulator.TurnedAwayShare(s)),
            WorstLatencyWindow = Duration.FromSeconds(worstAt),
            WorstLatencyP99Window = Duration.FromSeconds(worstP99At),
            Players = players,
            Hotspots = hotspots,
        };
    }

    private static SloVerdict Sampled(SloObjective objective, double target, Estimate e) =>
        new(objective, VerdictSource.Players, target, e.Value, e.Value <= target) { Interval = e };
}
